/**
 * The write side's one call for references: each `x-ref` field of the data is looked up
 * with its resolver (in the caller's transaction), an unknown id is a field problem, and
 * the variables the schema declares are filled from the record. Nothing is read when the
 * data carries no reference.
 *
 * @example
 * ```ts
 * const { data, problems } = await fillReferences(tx, references, schema, vars);
 * assertNoProblems([...problems, ...schemaProblems(schema, data)]);
 * ```
 */
import type { Problem } from "../errors.js";
import type { Db } from "../store/database.js";
import { declaresProperty, referenceFields } from "./reference-fields.js";
import type { References } from "./reference-resolver.js";

export interface FilledReferences {
  /** A copy of the data with the filled variables; the data itself when nothing was filled. */
  data: Record<string, unknown>;
  /** One per reference whose id does not exist. */
  problems: Problem[];
  /** Variables that stayed empty because their reference failed (their own schema problems would only repeat it). */
  unfilled: Set<string>;
}

export async function fillReferences(
  db: Db,
  references: References,
  schema: unknown,
  data: Record<string, unknown>,
): Promise<FilledReferences> {
  const result: FilledReferences = { data, problems: [], unfilled: new Set() };
  for (const ref of referenceFields(schema)) {
    const resolver = references[ref.kind];
    const id = data[ref.field];
    // A missing or malformed id is the schema's to report; an unknown kind stores the id as given.
    if (!resolver || typeof id !== "string" || id.length === 0) continue;
    const targets = Object.entries(resolver.fill ?? {}).filter(
      ([name]) => name !== ref.field && declaresProperty(schema, name),
    );
    const record = (await resolver.lookup([id], db)).get(id);
    if (!record) {
      const label = ref.title ?? resolver.label;
      result.problems.push({ path: ref.field, message: `${label}：所选${resolver.label}不存在` });
      for (const [name] of targets) result.unfilled.add(name);
      continue;
    }
    if (targets.length === 0) continue;
    if (result.data === data) result.data = { ...data };
    for (const [name, source] of targets) {
      const value = record[source];
      if (value === undefined || value === null) delete result.data[name];
      else result.data[name] = value;
    }
  }
  return result;
}
