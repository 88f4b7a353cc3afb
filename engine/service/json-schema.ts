/**
 * Checks data against the JSON Schemas of start variables and task forms (ajv),
 * reporting every field's problem in Chinese (`整改期限：格式不正确…`, `责任人：必填`):
 * the path names the field, the message starts with the field's `title` when it has one.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { localizeAjvErrors } from "../definition/json-schema-messages-zh.js";
import { ValidationError, type Problem } from "../errors.js";
import { FILE_FORMAT, FILE_ID_PATTERN } from "../files/file-fields.js";

// ajv-formats is CommonJS; under ESM its function may arrive as the module or under `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat(FILE_FORMAT, FILE_ID_PATTERN);

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function toProblem(error: ErrorObject, schema: Record<string, unknown>): Problem {
  const segments = error.instancePath
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required")
    segments.push(String((error.params as { missingProperty: string }).missingProperty));
  if (error.keyword === "additionalProperties")
    segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  const path = segments
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
  const field = segments.length === 1 ? fieldTitle(schema, segments[0] as string) : undefined;
  const message = error.message ?? "取值不合法";
  return { path, message: field ? `${field}：${message}` : message };
}

function fieldTitle(schema: Record<string, unknown>, name: string): string | undefined {
  const properties = schema.properties as Record<string, { title?: unknown }> | undefined;
  const title = properties?.[name]?.title;
  return typeof title === "string" ? title : undefined;
}

/** Problems of `data` against `schema`; empty when valid. */
export function schemaProblems(
  schema: Record<string, unknown> | null | undefined,
  data: unknown,
): Problem[] {
  if (!schema) return [];
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  localizeAjvErrors(errors);
  return errors.map((e) => toProblem(e, schema));
}

/** Throws `ValidationError` listing every problem of `data` against `schema`. */
export function assertMatchesSchema(
  schema: Record<string, unknown> | null | undefined,
  data: unknown,
  what: string,
): void {
  const problems = schemaProblems(schema, data);
  if (problems.length > 0) throw new ValidationError(`${what} are invalid`, problems);
}
