/**
 * Data sent with an event is checked like a form: against the JSON Schema that
 * declares it (the task's form for a task outcome, the event's `schema` in the
 * definition's `events`), and no field the schema does not list is taken, so
 * that event data can never set a variable the engine or another step owns
 * (`village`, `closedLate`…). No schema means no data.
 *
 * Every string a user sends is also capped (`createEngine({ maxStringLength })`,
 * default 10,000 characters), whatever its schema says.
 *
 * @example
 * ```ts
 * assertEventData(task.form, { reason: "x", village: "tf03" }, "the form data");
 * // ValidationError: [{ path: "village", message: "不是可以提交的字段" }]
 * ```
 */
import { isRecord } from "../definition/definition-outline.js";
import { ValidationError, type Problem } from "../errors.js";
import { schemaProblems } from "./json-schema.js";

/** Fields of `data` that `schema` does not list. */
export function undeclaredFields(
  schema: Record<string, unknown> | null | undefined,
  data: Record<string, unknown>,
): Problem[] {
  const properties = schema && isRecord(schema.properties) ? schema.properties : {};
  return Object.keys(data)
    .filter((name) => !Object.hasOwn(properties, name))
    .map((name) => ({ path: name, message: "不是可以提交的字段" }));
}

/** When a field is undeclared: throws `ValidationError` listing it and every problem against the schema. */
export function assertDeclaredFields(
  schema: Record<string, unknown> | null | undefined,
  data: Record<string, unknown>,
  what: string,
): void {
  if (undeclaredFields(schema, data).length > 0) assertEventData(schema, data, what);
}

/** Throws `ValidationError` listing every undeclared field and every problem against the schema. */
export function assertEventData(
  schema: Record<string, unknown> | null | undefined,
  data: Record<string, unknown>,
  what: string,
): void {
  const undeclared = undeclaredFields(schema, data);
  const named = new Set(undeclared.map((p) => p.path));
  // A schema with `additionalProperties: false` names the same fields again.
  const problems = [
    ...undeclared,
    ...schemaProblems(schema, data).filter((p) => !named.has(p.path)),
  ];
  if (problems.length > 0) throw new ValidationError(`${what} are invalid`, problems);
}

/** Strings (at any depth) longer than `maxLength` characters, each with its path. */
export function longStrings(data: unknown, maxLength: number, path = ""): Problem[] {
  if (typeof data === "string") {
    return data.length > maxLength
      ? [{ path, message: `不能超过 ${maxLength} 个字符（现有 ${data.length} 个）` }]
      : [];
  }
  if (Array.isArray(data)) {
    return data.flatMap((item, i) => longStrings(item, maxLength, `${path}[${i}]`));
  }
  if (data !== null && typeof data === "object") {
    return Object.entries(data).flatMap(([key, value]) =>
      longStrings(value, maxLength, path === "" ? key : `${path}.${key}`),
    );
  }
  return [];
}

/** Throws `ValidationError` when a string in `data` is longer than the engine's cap. */
export function assertStringsWithin(data: unknown, maxLength: number, what: string): void {
  const problems = longStrings(data, maxLength);
  if (problems.length > 0) throw new ValidationError(`${what} are invalid`, problems);
}
