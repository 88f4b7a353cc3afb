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

/**
 * The variable holds the value. A value given as text (a URL's `var.closedLate=true`,
 * `var.escalationLevel=2`) also matches the boolean or number it spells, as the JSON
 * the process wrote holds it; each alternative is a containment the GIN index serves.
 */
function varCondition(name: string, value: unknown): SQL {
  const contains = (v: unknown) =>
    sql`${instances.vars} @> ${JSON.stringify({ [name]: v })}::jsonb`;
  if (typeof value !== "string") return contains(value);
  const typed =
    value === "true" || value === "false"
      ? value === "true"
      : /^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(value)
        ? Number(value)
        : undefined;
  return typed === undefined ? contains(value) : or(contains(value), contains(typed))!;
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
    ...Object.entries(filter.vars ?? {}).map(([name, value]) => varCondition(name, value)),
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
