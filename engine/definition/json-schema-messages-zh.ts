/**
 * ajv's error messages in Chinese: `ajv-i18n`'s zh locale for every keyword,
 * with plainer wording for the ones people meet in forms (a missing field, a
 * number too small, a date in the wrong format). Used for form and start
 * variable data (the engine's `ValidationError`) and for the JSON Schemas
 * written in a definition.
 *
 * @example
 * ```ts
 * if (!validate(data)) localizeAjvErrors(validate.errors);
 * // required → "必填"; minimum 0 → "不能小于 0"; format date → "格式不正确，应为日期（如 2026-11-29）"
 * ```
 */
import type { ErrorObject } from "ajv";
import localizeModule from "ajv-i18n/localize/zh/index.js";
import { typeNameZh } from "./schema-messages-zh.js";

// ajv-i18n is CommonJS; under ESM its function may arrive as the module or under `default`.
type Localize = (errors?: ErrorObject[] | null) => void;
const localizeZh = ((localizeModule as unknown as { default?: Localize }).default ??
  localizeModule) as unknown as Localize;

const formatNames: Record<string, string> = {
  date: "日期（如 2026-11-29）",
  "date-time": "日期和时间（如 2026-11-29T14:00:00+08:00）",
  time: "时间（如 14:00:00）",
  email: "电子邮箱地址",
  uri: "网址",
  url: "网址",
  uuid: "UUID",
  ipv4: "IPv4 地址",
  hostname: "主机名",
  duration: "ISO 8601 时长（如 P3D）",
};

/** Plainer wording than ajv-i18n's for the keywords forms use most; undefined leaves ajv-i18n's. */
function plainMessage(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "必填";
    case "type":
      return `应为${String(params.type).split(",").map(typeNameZh).join("或")}`;
    case "format": {
      const format = String(params.format);
      return `格式不正确，应为${formatNames[format] ?? format}`;
    }
    case "enum":
      return "请从给定的选项中选择";
    case "minimum":
      return `不能小于 ${String(params.limit)}`;
    case "maximum":
      return `不能大于 ${String(params.limit)}`;
    case "exclusiveMinimum":
      return `必须大于 ${String(params.limit)}`;
    case "exclusiveMaximum":
      return `必须小于 ${String(params.limit)}`;
    case "minLength":
      return Number(params.limit) <= 1 ? "不能为空" : `至少 ${String(params.limit)} 个字`;
    case "maxLength":
      return `最多 ${String(params.limit)} 个字`;
    case "minItems":
      return `至少 ${String(params.limit)} 项`;
    case "maxItems":
      return `最多 ${String(params.limit)} 项`;
    case "additionalProperties":
      return `不允许的字段 "${String(params.additionalProperty)}"`;
    default:
      return undefined;
  }
}

/** Rewrites `message` of each error in place, as ajv-i18n does. */
export function localizeAjvErrors(errors: ErrorObject[] | null | undefined): void {
  if (!errors?.length) return;
  localizeZh(errors);
  for (const error of errors) error.message = plainMessage(error) ?? error.message;
}
