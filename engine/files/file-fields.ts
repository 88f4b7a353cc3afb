/**
 * Attachment fields in a JSON Schema (`{"type": "string", "format": "x-file"}`, or an
 * array of them) and the file ids a piece of data gives them. Pure: the write side uses
 * it to know which files a start or a task completion references, the web form to know
 * which fields upload.
 *
 * @example
 * ```ts
 * const schema = { type: "object", properties: { photos: { type: "array",
 *   items: { type: "string", format: "x-file", "x-accept": ["image/*"] }, "x-maxItems": 9 } } };
 * fileFieldValues(schema, { photos: ["0b9b…", "7c1d…"] });
 * // [{ field: "photos", path: "photos", ids: ["0b9b…", "7c1d…"], accept: ["image/*"], maxItems: 9, list: true }]
 * ```
 */

export const FILE_FORMAT = "x-file";

/** What an attachment id looks like (the ajv format `x-file` checks it). */
export const FILE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Schema = Record<string, unknown>;

/** One attachment field as the data fills it. */
export interface FileFieldValue {
  /** Dotted names from the data's root, without array indices (`hazardPhotos`, `plan.signed`). */
  field: string;
  /** Where problems point: with indices (`checks[2].photo`). */
  path: string;
  /** Ids as given, strings only (the JSON Schema check reports anything else). */
  ids: string[];
  /** Content type patterns the field accepts (`image/*`); undefined: any accepted upload. */
  accept: string[] | undefined;
  /** How many files the field may hold. */
  maxItems: number;
  /** A list of ids (else one id). */
  list: boolean;
}

const isRecord = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const typeIncludes = (schema: Schema, type: string): boolean =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));

/** Whether the schema node is one attachment id. */
export function isFileSchema(schema: unknown): boolean {
  return isRecord(schema) && schema.format === FILE_FORMAT && typeIncludes(schema, "string");
}

/** Whether the schema node is a list of attachment ids. */
export function isFileListSchema(schema: unknown): boolean {
  return isRecord(schema) && typeIncludes(schema, "array") && isFileSchema(schema.items);
}

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;

const positiveInteger = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : undefined;

/** The accepted types and the count limit of a field (single id or list). */
export function fileFieldRule(schema: Schema): { accept: string[] | undefined; maxItems: number } {
  if (isFileSchema(schema)) return { accept: stringList(schema["x-accept"]), maxItems: 1 };
  const items = isRecord(schema.items) ? schema.items : {};
  return {
    accept: stringList(items["x-accept"]),
    maxItems:
      positiveInteger(schema["x-maxItems"]) ??
      positiveInteger(items["x-maxItems"]) ??
      positiveInteger(schema.maxItems) ??
      Number.POSITIVE_INFINITY,
  };
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** Every attachment field that `data` fills, walking `schema` (nested objects and lists of objects too). */
export function fileFieldValues(schema: unknown, data: unknown): FileFieldValue[] {
  const found: FileFieldValue[] = [];
  const walk = (node: unknown, value: unknown, field: string, path: string) => {
    if (!isRecord(node) || value === undefined || value === null) return;
    if (isFileSchema(node) || isFileListSchema(node)) {
      const ids = typeof value === "string" ? [value] : (stringList(value) ?? []);
      const list = !isFileSchema(node);
      if (ids.length > 0) found.push({ field, path, ids, list, ...fileFieldRule(node) });
      return;
    }
    if (isRecord(node.properties) && isRecord(value)) {
      // In the data's order (the schema's may have been sorted by jsonb).
      for (const [name, inner] of Object.entries(value))
        walk(node.properties[name], inner, join(field, name), join(path, name));
    } else if (isRecord(node.items) && Array.isArray(value)) {
      value.forEach((item, index) => walk(node.items, item, field, `${path}[${index}]`));
    }
  };
  walk(schema, data, "", "");
  return found;
}

/** A file a piece of data references: which id, at which field. */
export interface FileReferenceSpec {
  fileId: string;
  field: string;
  path: string;
  accept: string[] | undefined;
}

/**
 * The files the data references through the schema's attachment fields, one entry per
 * id and field, in the data's order.
 */
export function fileReferences(schema: unknown, data: unknown): FileReferenceSpec[] {
  const seen = new Set<string>();
  const references: FileReferenceSpec[] = [];
  for (const value of fileFieldValues(schema, data)) {
    value.ids.forEach((fileId, index) => {
      const key = `${value.field}\u0000${fileId}`;
      if (seen.has(key)) return;
      seen.add(key);
      const path = value.list ? `${value.path}[${index}]` : value.path;
      references.push({ fileId, field: value.field, path, accept: value.accept });
    });
  }
  return references;
}

/** Fields holding more files than they allow, as problems (Chinese messages). */
export function fileCountProblems(values: FileFieldValue[]): { path: string; message: string }[] {
  return values
    .filter((value) => value.ids.length > value.maxItems)
    .map((value) => ({ path: value.path, message: `最多上传 ${value.maxItems} 个文件` }));
}
