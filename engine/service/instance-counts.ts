/**
 * Dashboard counts for one caller, read from `instance_counts` (kept by a trigger, see
 * migration 0004) instead of scanning instances, so a city's years of cases count in
 * milliseconds. Besides the current state, each process is counted by the variables the
 * application declares for it (`setCountedVars`, migration 0013).
 *
 * The counts are kept per visibility group. A caller in several groups would count an
 * instance visible to two of them twice, so `zb_count_instances` subtracts those again
 * (found through the GIN index on `visible_to`) and adds the instances the caller sees
 * only as a participant. The result is the same as counting `instanceVisibleTo(actor)`
 * row by row.
 *
 * @example
 * ```ts
 * const rows = await countInstances(db, actor, "hazard-closure", "village");
 * // [{ key: "t1-3", total: 12, running: 4, overdue: 1, closed: 8, … }]
 * ```
 */
import { sql } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { ValidationError, type Problem } from "../errors.js";
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
 * or by a counted variable (declared with `setCountedVars`).
 */
export async function countInstances(
  db: Database["db"],
  actor: Actor,
  processKey: string,
  by: string | null,
): Promise<CountedRow[]> {
  const everyone = actor.groups.includes("process-admin");
  const groups = everyone ? [EVERYONE] : [...new Set(actor.groups)].filter((g) => g !== EVERYONE);
  // A plpgsql function (migrations 0004, 0005), so each connection plans the query once.
  const rows = rowsOf(
    await db.execute(
      sql`select * from zb_count_instances(${processKey}, ${by ?? ""}, ${sql.param(groups)}::text[], ${everyone ? null : actor.id})`,
    ),
  );
  // A key comes in several rows (kept, each pending change, shared by two groups, as participant).
  const parts = rows.map((row) => {
    const part = { key: (row.val as string | null) ?? null } as CountedRow;
    for (const name of countNames) part[name] = Number(row[column(name)] ?? 0);
    return part;
  });
  return mergeByKey(parts)
    .filter((row) => row.total !== 0)
    .sort((a, b) =>
      a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1,
    );
}

/** Adds up the rows whose keys `keyOf` maps to the same key (by default, rows of one key). */
export function mergeByKey(
  rows: CountedRow[],
  keyOf: (key: string | null) => string | null = (key) => key,
): CountedRow[] {
  const groups = new Map<string | null, CountedRow[]>();
  for (const row of rows) {
    const key = keyOf(row.key);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups].map(([key, group]) => ({ key, ...sumCounts(group) }));
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

/**
 * Declares the variables the counts of `processKey` are kept by (`[]`: by its current state
 * only). When they differ from those declared before, the process's instances are counted
 * again (under a share lock of `instances`: changes wait meanwhile). Returns whether they changed.
 */
export async function setCountedVars(
  db: Database["db"],
  processKey: string,
  vars: readonly string[],
): Promise<boolean> {
  const problems: Problem[] = [];
  if (typeof processKey !== "string" || processKey.length === 0)
    problems.push({ path: "processKey", message: "must be a non-empty string" });
  if (!Array.isArray(vars)) problems.push({ path: "vars", message: "must be an array" });
  else
    vars.forEach((name, i) => {
      if (typeof name !== "string" || name.length === 0)
        problems.push({ path: `vars[${i}]`, message: "must be a non-empty string" });
    });
  if (problems.length > 0) throw new ValidationError("the counted variables are invalid", problems);
  const unique = [...new Set(vars)];
  const [row] = rowsOf(
    await db.execute(
      sql`select zb_set_counted_vars(${processKey}, ${sql.param(unique)}::text[]) as changed`,
    ),
  );
  return row?.changed === true;
}
