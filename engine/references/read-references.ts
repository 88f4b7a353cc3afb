/**
 * Reading what `x-ref` fields name, as people know it today: an instance's references
 * with the record's current name (a renamed enterprise shows its new name in every open
 * case, though the case stored only its id), and names by kind for lists and counts.
 * Reads nothing when the engine has no resolvers.
 *
 * @example
 * ```ts
 * const labels = await engine.references.ofInstances([instance.id]);
 * // Map { "0b9b…" => [{ field: "enterpriseId", kind: "enterprise", id: "hongda", name: "红达木业有限公司", detail: "铁峰村 · 工贸" }] }
 * const villages = await engine.references.names("village", ["tf01"]);
 * ```
 */
import { inArray } from "drizzle-orm";
import type { EngineContext } from "../service/context.js";
import { isUuid } from "../service/rows.js";
import { instances } from "../store/schema.js";
import { formatPath } from "../definition/format-path.js";
import { referenceOccurrences } from "./reference-fields.js";
import type { ReferencedRecord, ReferenceResolver } from "./reference-resolver.js";

/** One reference of an instance, with the name of the record it names. */
export interface ReferenceLabel {
  /** The variable holding the id; inside a list or object, its path (`involved[0].enterpriseId`). */
  field: string;
  kind: string;
  id: string;
  /** The record's name now; null when the record no longer exists. */
  name: string | null;
  /** The resolver's short description of the record (an enterprise's village and industry). */
  detail: string | null;
}

export interface ReferenceReader {
  /** The references of each instance (by its start variables' `x-ref` fields, nested ones too), keyed by instance id. */
  ofInstances(instanceIds: readonly string[]): Promise<Map<string, ReferenceLabel[]>>;
  /** Current names of records of one kind; ids without a record are absent. */
  names(kind: string, ids: readonly string[]): Promise<Map<string, string>>;
}

function nameOf(resolver: ReferenceResolver, record: ReferencedRecord): string | null {
  const value = record[resolver.display ?? "name"];
  return typeof value === "string" ? value : null;
}

export function createReferenceReader(ctx: EngineContext): ReferenceReader {
  const records = async (kind: string, ids: readonly string[]) => {
    const resolver = ctx.references[kind];
    const wanted = [...new Set(ids)].filter((id) => id.length > 0);
    if (!resolver || wanted.length === 0) return new Map<string, ReferencedRecord>();
    return resolver.lookup(wanted, ctx.db);
  };

  return {
    async ofInstances(instanceIds) {
      const result = new Map<string, ReferenceLabel[]>();
      const ids = [...new Set(instanceIds)].filter(isUuid);
      if (Object.keys(ctx.references).length === 0 || ids.length === 0) return result;
      const rows = await ctx.db
        .select({
          id: instances.id,
          processKey: instances.processKey,
          version: instances.version,
          vars: instances.vars,
        })
        .from(instances)
        .where(inArray(instances.id, ids));
      const wanted = new Map<string, string[]>();
      const pending: { instanceId: string; field: string; kind: string; id: string }[] = [];
      for (const row of rows) {
        const compiled = await ctx.compiled(row.processKey, row.version, ctx.db);
        const vars = row.vars as Record<string, unknown>;
        for (const ref of referenceOccurrences(compiled.definition.variables, vars)) {
          const id = ref.id;
          if (typeof id !== "string" || !ctx.references[ref.kind]) continue;
          pending.push({ instanceId: row.id, field: formatPath(ref.path), kind: ref.kind, id });
          wanted.set(ref.kind, [...(wanted.get(ref.kind) ?? []), id]);
        }
      }
      const found = new Map<string, Map<string, ReferencedRecord>>();
      for (const [kind, kindIds] of wanted) found.set(kind, await records(kind, kindIds));
      for (const ref of pending) {
        const resolver = ctx.references[ref.kind]!;
        const record = found.get(ref.kind)?.get(ref.id);
        const label: ReferenceLabel = {
          field: ref.field,
          kind: ref.kind,
          id: ref.id,
          name: record ? nameOf(resolver, record) : null,
          detail: record && resolver.detail ? resolver.detail(record) : null,
        };
        result.set(ref.instanceId, [...(result.get(ref.instanceId) ?? []), label]);
      }
      return result;
    },

    async names(kind, ids) {
      const resolver = ctx.references[kind];
      const names = new Map<string, string>();
      if (!resolver) return names;
      for (const [id, record] of await records(kind, ids)) {
        const name = nameOf(resolver, record);
        if (name !== null) names.set(id, name);
      }
      return names;
    },
  };
}
