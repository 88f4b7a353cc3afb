/**
 * Checks the attachment keywords of a form or start-variables schema (DESIGN §7):
 * `"format": "x-file"` on a string, `x-accept` (content types such as `image/*`),
 * `x-maxItems` (how many files a list holds) and `x-compareWith` (a variable whose
 * attachments the web form shows beside the field). Messages are in Chinese.
 *
 * @example
 * ```ts
 * fileFieldProblems({ type: "object", properties: { p: { type: "number", format: "x-file" } } }, ["variables"]);
 * // [{ path: ["variables", "properties", "p", "type"], message: "附件字段的 type 须为 \"string\"…" }]
 * ```
 */
import { ACCEPTED_CONTENT_TYPES, matchesAccept } from "../files/sniff-content-type.js";
import { FILE_FORMAT, isFileListSchema } from "../files/file-fields.js";
import type { JsonPath, PathProblem } from "./format-path.js";

const CONTENT_TYPE_PATTERN = /^[a-z]+\/(\*|[a-z0-9][a-z0-9.+-]*)$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ACCEPTED_NAMES = "图片（JPG、PNG、WebP、GIF）、PDF 和 Office 文档";

type Schema = Record<string, unknown>;
const isRecord = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function fileFieldProblems(schema: unknown, path: JsonPath): PathProblem[] {
  const problems: PathProblem[] = [];
  const walk = (node: unknown, at: JsonPath) => {
    if (!isRecord(node)) return;
    problems.push(...nodeProblems(node, at));
    if (isRecord(node.properties)) {
      for (const [name, property] of Object.entries(node.properties))
        walk(property, [...at, "properties", name]);
    }
    if (isRecord(node.items)) walk(node.items, [...at, "items"]);
  };
  walk(schema, path);
  return problems;
}

function nodeProblems(node: Schema, at: JsonPath): PathProblem[] {
  const problems: PathProblem[] = [];
  const isFile = node.format === FILE_FORMAT;
  const fileList = isFileListSchema(node);
  if (
    isFile &&
    node.type !== "string" &&
    !(Array.isArray(node.type) && node.type.includes("string"))
  )
    problems.push({
      path: [...at, "type"],
      message: '附件字段的 type 须为 "string"（多个附件：type 为 "array"，items 为附件字段）',
    });
  if ("x-accept" in node) {
    if (!isFile) problems.push({ path: [...at, "x-accept"], message: onlyOnFiles("x-accept") });
    else problems.push(...acceptProblems(node["x-accept"], [...at, "x-accept"]));
  }
  if ("x-maxItems" in node) {
    const value = node["x-maxItems"];
    if (!isFile && !fileList)
      problems.push({ path: [...at, "x-maxItems"], message: onlyOnFiles("x-maxItems") });
    else if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
      problems.push({ path: [...at, "x-maxItems"], message: "x-maxItems 须为不小于 1 的整数" });
  }
  if ("x-compareWith" in node) {
    const value = node["x-compareWith"];
    if (!isFile && !fileList)
      problems.push({ path: [...at, "x-compareWith"], message: onlyOnFiles("x-compareWith") });
    else if (typeof value !== "string" || !VARIABLE_NAME.test(value))
      problems.push({
        path: [...at, "x-compareWith"],
        message: "x-compareWith 须为一个变量名（其附件显示在此字段旁，供对比）",
      });
  }
  return problems;
}

function onlyOnFiles(keyword: string): string {
  return `${keyword} 只用于附件字段（"format": "x-file"，或 items 为附件字段的列表）`;
}

function acceptProblems(value: unknown, at: JsonPath): PathProblem[] {
  if (!Array.isArray(value) || value.length === 0)
    return [{ path: at, message: 'x-accept 须为文件类型列表，如 ["image/*", "application/pdf"]' }];
  return value.flatMap((pattern, index): PathProblem[] => {
    if (typeof pattern !== "string" || !CONTENT_TYPE_PATTERN.test(pattern))
      return [
        { path: [...at, index], message: '不是文件类型，应写作 "image/*" 或 "application/pdf"' },
      ];
    if (!ACCEPTED_CONTENT_TYPES.some((type) => matchesAccept(type, [pattern])))
      return [
        {
          path: [...at, index],
          message: `系统不接收 ${pattern} 类型的文件：可上传${ACCEPTED_NAMES}`,
        },
      ];
    return [];
  });
}
