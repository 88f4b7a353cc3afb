/**
 * zod's issues with the definition schema, worded in Chinese for the process
 * author (the designer shows them as they are). Passed to `safeParse` as the
 * per-parse error map, so that a message written into the schema itself still
 * wins, and nothing global is configured.
 *
 * @example
 * ```ts
 * definitionSchema.safeParse(json, { error: schemaIssueMessageZh });
 * // a missing `name` → "必填（字符串）"; `"priority": "high"` → "应为数字，实际为字符串"
 * ```
 */
import type { core } from "zod";

const typeNames: Record<string, string> = {
  string: "字符串",
  number: "数字",
  int: "整数",
  bigint: "整数",
  boolean: "true 或 false",
  object: "对象",
  array: "数组",
  null: "null",
  undefined: "空",
  literal: "固定值",
  record: "对象",
  function: "函数",
  date: "日期",
};

/** A type as a Chinese reader names it (`string` → 字符串). */
export function typeNameZh(type: string): string {
  return typeNames[type] ?? type;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function listZh(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join("、");
}

export function schemaIssueMessageZh(issue: core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `必填（${typeNameZh(issue.expected)}）`;
      return `应为${typeNameZh(issue.expected)}，实际为${typeNameZh(typeOf(issue.input))}`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "不能为空" : `至少 ${issue.minimum} 个字符`;
      if (issue.origin === "array" || issue.origin === "set") return `至少需要 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `最多 ${issue.maximum} 个字符`;
      if (issue.origin === "array" || issue.origin === "set") return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `应为 ${listZh(issue.values)}`
        : `应为以下之一：${listZh(issue.values)}`;
    case "invalid_format":
      return "格式不正确";
    case "not_multiple_of":
      return `应为 ${issue.divisor} 的倍数`;
    case "unrecognized_keys":
      return `未知字段：${listZh(issue.keys)}`;
    case "invalid_key":
      return "名称不合法";
    case "invalid_union":
      return "discriminator" in issue && typeof issue.discriminator === "string"
        ? `"${issue.discriminator}" 不是可用的取值`
        : "不符合任何一种允许的写法";
    default:
      return "取值不合法";
  }
}
