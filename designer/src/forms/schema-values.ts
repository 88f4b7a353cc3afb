import type { JsonSchema } from "../api/types.js";
import { isFileListSchema, isFileSchema } from "../../../engine/files/file-fields.js";
import { formatDateTime } from "../components/format.js";

export interface EnumOption {
  value: unknown;
  label: string;
}

/** The schema's primary type (`["string","null"]` → `string`). */
export function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null");
  if (schema.type) return schema.type;
  if (schema.properties) return "object";
  return undefined;
}

/** Choices from `enum` (labels from `x-enumNames`) or `oneOf: [{const, title}]`. */
export function enumOptions(schema: JsonSchema): EnumOption[] | null {
  if (Array.isArray(schema.enum)) {
    const names = schema["x-enumNames"];
    return schema.enum.map((value, i) => ({ value, label: names?.[i] ?? String(value) }));
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (
    Array.isArray(alternatives) &&
    alternatives.length > 0 &&
    alternatives.every((a) => "const" in a)
  ) {
    return alternatives.map((a) => ({ value: a.const, label: a.title ?? String(a.const) }));
  }
  return null;
}

/** The label a value has in the schema (enum names), else the value as text. */
export function displayValue(schema: JsonSchema | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  const options = schema ? enumOptions(schema) : null;
  if (options) {
    const match = options.find((o) => JSON.stringify(o.value) === JSON.stringify(value));
    if (match) return match.label;
  }
  if (typeof value === "boolean") return value ? "是" : "否";
  if (schema && (isFileSchema(schema) || isFileListSchema(schema)))
    return `${Array.isArray(value) ? value.length : 1} 个文件`;
  if (typeof value === "string" && schema?.format === "date-time") return formatDateTime(value);
  if (Array.isArray(value)) return value.map((v) => displayValue(schema?.items, v)).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** An ISO date-time → the `datetime-local` input's value, in Beijing time. */
export function toDateTimeLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const beijing = new Date(date.getTime() + 8 * 3_600_000);
  return beijing.toISOString().slice(0, 16);
}

/** The `datetime-local` value (Beijing time) → ISO 8601 with the +08:00 offset. */
export function fromDateTimeLocal(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

/** Start values from the schema's defaults. */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.default !== undefined) result[name] = property.default;
  }
  return result;
}

/**
 * Property names in the order to show them: the `required` list first (arrays keep the
 * author's order; object keys may come back from PostgreSQL's jsonb sorted), then the rest.
 */
export function orderedProperties(schema: JsonSchema): string[] {
  const names = Object.keys(schema.properties ?? {});
  const required = (schema.required ?? []).filter((name) => names.includes(name));
  return [...new Set([...required, ...names])];
}
