/**
 * Start variables and form data as the write side keeps them: references filled from
 * their records, then checked against the schema, every problem reported at once.
 *
 * @example
 * ```ts
 * const vars = await checkedData(tx, ctx, definition.variables, given, "start variables");
 * ```
 */
import { ValidationError } from "../errors.js";
import { fillReferences } from "../references/fill-references.js";
import type { Db } from "../store/database.js";
import type { EngineContext } from "./context.js";
import { schemaProblems } from "./json-schema.js";

export async function checkedData(
  tx: Db,
  ctx: EngineContext,
  schema: Record<string, unknown> | null | undefined,
  data: Record<string, unknown>,
  what: string,
): Promise<Record<string, unknown>> {
  const filled = await fillReferences(tx, ctx.references, schema, data);
  const problems = [
    ...filled.problems,
    ...schemaProblems(schema, filled.data).filter((p) => !filled.unfilled.has(p.path)),
  ];
  if (problems.length > 0) throw new ValidationError(`${what} are invalid`, problems);
  return filled.data;
}
