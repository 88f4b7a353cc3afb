/**
 * The conditions of an instance list (`instances.list`): process, status, parent,
 * business key, variable values, the active state, overdue and a text search.
 *
 * @example
 * ```ts
 * const where = and(...instanceConditions({ overdue: true, vars: { village: "tf01" } }));
 * ```
 */
import { or, eq, sql, type SQL } from "drizzle-orm";
import type { InstanceFilter } from "../engine.js";
import { instances } from "../store/schema.js";
import { isUuid } from "./rows.js";

/** `%`, `_` and `\` typed by a user match themselves. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** What `filter.search` matches: the title, the business key, or one of the named variables. */
function searchCondition(search: NonNullable<InstanceFilter["search"]>): SQL | undefined {
  const text = search.text.trim();
  if (text === "") return undefined;
  const pattern = likePattern(text);
  return or(
    sql`${instances.title} ilike ${pattern}`,
    sql`${instances.businessKey} ilike ${pattern}`,
    ...(search.vars ?? []).map((name) => sql`${instances.vars} ->> ${name} ilike ${pattern}`),
  );
}

export function instanceConditions(filter: InstanceFilter): (SQL | undefined)[] {
  return [
    filter.processKey ? eq(instances.processKey, filter.processKey) : undefined,
    filter.status ? eq(instances.status, filter.status) : undefined,
    filter.parentId
      ? isUuid(filter.parentId)
        ? eq(instances.parentId, filter.parentId)
        : sql`false`
      : undefined,
    filter.businessKey ? eq(instances.businessKey, filter.businessKey) : undefined,
    filter.vars && Object.keys(filter.vars).length > 0
      ? sql`${instances.vars} @> ${JSON.stringify(filter.vars)}::jsonb`
      : undefined,
    filter.activeState
      ? sql`${filter.activeState}::text = any(${instances.activeStates})`
      : undefined,
    // Overdue as the counts have it (engine/service/instance-counts.ts): running, `vars.overdue` true.
    filter.overdue === undefined
      ? undefined
      : filter.overdue
        ? sql`${instances.status} = 'running' and ${instances.vars} ->> 'overdue' = 'true'`
        : sql`not (${instances.status} = 'running' and coalesce(${instances.vars} ->> 'overdue' = 'true', false))`,
    filter.search ? searchCondition(filter.search) : undefined,
  ];
}
