/**
 * Dashboard counts for one caller, read from `instance_counts` (kept by a trigger, see
 * migration 0004) instead of scanning instances, so a city's years of cases count in
 * milliseconds.
 *
 * The counts are kept per visibility group. A caller in several groups would count an
 * instance visible to two of them twice, so those instances (found through the GIN index
 * on `visible_to`) are subtracted again; instances the caller sees only as a participant
 * are added. The result is the same as counting `instanceVisibleTo(actor)` row by row.
 *
 * @example
 * ```ts
 * const rows = await countInstances(db, actor, "hazard-closure", "village");
 * // [{ key: "t1-3", total: 12, running: 4, overdue: 1, closed: 8, … }]
 * ```
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../store/database.js";
import type { Actor } from "../types.js";
import { rowsOf } from "./rows.js";

/** What is counted for each key; see `countColumns` in engine/store/schema.ts. */
export interface InstanceCounts {
  total: number;
  running: number;
  overdue: number;
  completed: number;
  closed: number;
  closedLate: number;
  dismissed: number;
  level1: number;
  level2: number;
  level3: number;
  level4: number;
}

export interface CountedRow extends InstanceCounts {
  /** The current state's key (`by` null), else the variable's value (null: missing). */
  key: string | null;
}

const countNames: (keyof InstanceCounts)[] = [
  "total",
  "running",
  "overdue",
  "completed",
  "closed",
  "closedLate",
  "dismissed",
  "level1",
  "level2",
  "level3",
  "level4",
];
const column = (name: keyof InstanceCounts) => (name === "closedLate" ? "closed_late" : name);

/** Group standing for "every instance" in `instance_counts`. */
const EVERYONE = "*";

/**
 * Counts the instances of `processKey` that `actor` may see, by current state (`by` null)
 * or by a counted variable (`zb_counted_vars` in migration 0004).
 */
export async function countInstances(
  db: Database["db"],
  actor: Actor,
  processKey: string,
  by: string | null,
): Promise<CountedRow[]> {
  const dim = by ?? "";
  const everyone = actor.groups.includes("process-admin");
  const groups = everyone ? [EVERYONE] : [...new Set(actor.groups)].filter((g) => g !== EVERYONE);
  const groupArray = sql`${sql.param(groups)}::text[]`;
  const counted = sql.raw(countNames.map(column).join(", "));
  const kept = (table: string) =>
    sql`select val, ${counted} from ${sql.raw(table)}
         where process_key = ${processKey} and grp = any(${groupArray}) and dim = ${dim}`;
  /** An instance's own counts (group `*` only), times `factor`. */
  const live = (factor: SQL, from: SQL, where: SQL) =>
    sql`select r.val, ${sql.raw(countNames.map((n) => `r.${column(n)} * f.m`).join(", "))}
          from instances i ${from}
         cross join lateral zb_count_rows(i.process_key, i.vars, i.status, i.active_states, '{}') r
         cross join lateral (select ${factor} as m) f
         where i.process_key = ${processKey} and ${where} and r.dim = ${dim}`;
  const parts = [kept("instance_counts"), kept("instance_count_changes")];
  if (!everyone) {
    const pairs = groups.flatMap((g, i) =>
      groups.slice(i + 1).map((h) => sql`i.visible_to @> ${sql.param([g, h])}::text[]`),
    );
    if (pairs.length > 0)
      parts.push(
        live(
          sql`1 - k.n`,
          sql`cross join lateral (select count(distinct v)::int as n from unnest(i.visible_to) v where v = any(${groupArray})) k`,
          sql`(${sql.join(pairs, sql` or `)})`,
        ),
      );
    parts.push(
      live(
        sql`1`,
        sql``,
        sql`i.participants @> array[${actor.id}]::text[] and not (i.visible_to && ${groupArray})`,
      ),
    );
  }
  const sums = sql.raw(countNames.map((n) => `sum(${column(n)})::int as "${n}"`).join(", "));
  const rows = rowsOf(
    await db.execute(
      sql`select val as key, ${sums} from (${sql.join(parts, sql` union all `)}) scoped
           group by val having sum(total) <> 0 order by val`,
    ),
  );
  return rows.map((row) => {
    const out = { key: (row.key as string | null) ?? null } as CountedRow;
    for (const name of countNames) out[name] = Number(row[name] ?? 0);
    return out;
  });
}

/** Sums rows (for the totals line, or to merge keys). */
export function sumCounts(rows: InstanceCounts[]): InstanceCounts {
  const sum = Object.fromEntries(countNames.map((n) => [n, 0])) as unknown as InstanceCounts;
  for (const row of rows) for (const name of countNames) sum[name] += row[name];
  return sum;
}

/** Folds the trigger's pending changes into `instance_counts`; returns the keys updated. */
export async function compactInstanceCounts(db: Database["db"]): Promise<number> {
  const [row] = rowsOf(await db.execute(sql`select zb_compact_instance_counts() as n`));
  return Number(row?.n ?? 0);
}
