/**
 * SQL conditions over the `instances` table for the ledger exports: the same
 * visibility rule as the engine's lists (groups, participants, process-admin).
 * The dashboard counts are kept separately (engine/service/instance-counts.ts).
 *
 * @example
 * ```ts
 * db.select().from(instances).where(and(visibleToSql(actor), eq(instances.processKey, "hazard-closure")));
 * ```
 */
import { sql, type SQL } from "drizzle-orm";
import { instances } from "../../engine/store/schema.js";
import { instanceVisibleTo } from "../../engine/service/visible-to.js";

/** The engine's visibility rule (one definition, shared with `engine.instances.list`). */
export const visibleToSql = instanceVisibleTo;

/** A text variable of the instance. */
export function varText(name: string): SQL<string | null> {
  return sql<string | null>`(${instances.vars} ->> ${name})`;
}

/** Whether a boolean variable is true. */
export function varIsTrue(name: string): SQL {
  return sql`coalesce((${instances.vars} ->> ${name}) = 'true', false)`;
}

/** The current escalation level: the hazard's `escalationLevel` (or `level`), else that of its running escalation child. */
export const escalationLevelSql: SQL<number | null> = sql<number | null>`coalesce(
  case when (${instances.vars} ->> 'escalationLevel') ~ '^[0-9]{1,3}$' then (${instances.vars} ->> 'escalationLevel')::int end,
  case when (${instances.vars} ->> 'level') ~ '^[0-9]{1,3}$' then (${instances.vars} ->> 'level')::int end,
  (select max(case when (e.vars ->> 'level') ~ '^[0-9]{1,3}$' then (e.vars ->> 'level')::int end)
     from instances e
    where e.parent_id = ${instances.id}
      and e.process_key = 'rectification-escalation'
      and e.status = 'running'))`;

/** A date variable's `YYYY-MM-DD` text, null when it does not start with one (compared as text: no cast can fail). */
export function varDateText(name: string): SQL<string | null> {
  return sql<
    string | null
  >`case when (${instances.vars} ->> ${name}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${instances.vars} ->> ${name}, 10) end`;
}
