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
import { formatPath } from "../definition/format-path.js";
import type { Problem } from "../errors.js";
import type { Db } from "../store/database.js";
import { declaresProperty, referenceOccurrences } from "./reference-fields.js";
import type { ReferencedRecord, References } from "./reference-resolver.js";

export interface FilledReferences {
  /** A copy of the data with the filled variables; the data itself when nothing was filled. */
  data: Record<string, unknown>;
  /** One per reference whose id does not exist. */
  problems: Problem[];
  /** Paths of variables that stayed empty because their reference failed (their own schema problems would only repeat it). */
  unfilled: Set<string>;
}

/** References at any depth (nested objects, array items) are filled beside their id. */
export async function fillReferences(
  db: Db,
  references: References,
  schema: unknown,
  data: Record<string, unknown>,
): Promise<FilledReferences> {
  const result: FilledReferences = { data, problems: [], unfilled: new Set() };
  // A missing or malformed id is the schema's to report; an unknown kind stores the id as given.
  const wellFormed = (occurrences: ReturnType<typeof referenceOccurrences>) =>
    occurrences.filter(
      (o) => references[o.kind] !== undefined && typeof o.id === "string" && o.id.length > 0,
    );
  if (wellFormed(referenceOccurrences(schema, data)).length === 0) return result;
  // Filled into a copy, whose objects the occurrences then point at.
  const copy = structuredClone(data);
  const occurrences = wellFormed(referenceOccurrences(schema, copy));
  const ids = new Map<string, Set<string>>();
  for (const o of occurrences) ids.set(o.kind, (ids.get(o.kind) ?? new Set()).add(o.id as string));
  const records = new Map<string, Map<string, ReferencedRecord>>();
  for (const [kind, kindIds] of ids)
    records.set(kind, await references[kind]!.lookup([...kindIds], db));

  let filled = false;
  for (const o of occurrences) {
    const resolver = references[o.kind]!;
    const field = o.path[o.path.length - 1];
    const targets = o.holder
      ? Object.entries(resolver.fill ?? {}).filter(
          ([name]) => name !== field && declaresProperty(o.holder!.schema, name),
        )
      : [];
    const record = records.get(o.kind)?.get(o.id as string);
    if (!record) {
      const label = o.title ?? resolver.label;
      result.problems.push({
        path: formatPath(o.path),
        message: `${label}：所选${resolver.label}不存在`,
      });
      for (const [name] of targets) result.unfilled.add(formatPath([...o.path.slice(0, -1), name]));
      continue;
    }
    for (const [name, source] of targets) {
      const value = record[source];
      if (value === undefined || value === null) delete o.holder!.object[name];
      else o.holder!.object[name] = value;
      filled = true;
    }
  }
  if (filled) result.data = copy;
  return result;
}
