/**
 * Who may see an instance, as SQL over `instances`: members of its visibility
 * groups, its participants, and `process-admin`. Written with `&&` and `@>` so
 * the GIN indexes on both arrays serve it.
 *
 * @example
 * ```ts
 * db.select().from(instances).where(instanceVisibleTo({ id: "u1", groups: ["safety-office"] }));
 * ```
 */
import { sql, type SQL } from "drizzle-orm";
import { instances } from "../store/schema.js";
import type { Actor } from "../types.js";

export function instanceVisibleTo(actor: Actor): SQL {
  if (actor.groups.includes("process-admin")) return sql`true`;
  return sql`(${instances.visibleTo} && ${sql.param(actor.groups)}::text[] or ${instances.participants} @> array[${actor.id}]::text[])`;
}
