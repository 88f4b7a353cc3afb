/**
 * Timers due at once, drained by workers: makes `count` bench-alarm instances
 * whose timers are all due now, lets the given workers run, and measures how
 * long until none is pending and how late each one fired. A run that exceeds
 * its budget reports what fired so far (marked incomplete) instead of failing.
 */
import { sql } from "drizzle-orm";
import type { Engine } from "../../engine/engine.js";
import { benchAlarm } from "./bench-processes.js";
import { cloneInstances } from "./clone-instances.js";
import { rowsOf } from "../../engine/service/rows.js";
import { percentile } from "./measure.js";

export interface DrainResult {
  /** Timers of the batch that fired within the budget. */
  timers: number;
  /** Timers in the batch. */
  of: number;
  seconds: number;
  perSecond: number;
  /** Lateness (finished_at − due_at) in ms, of the timers that fired. */
  lateness: { p50: number; p99: number; max: number };
  /** Whether the batch was drained before the budget ran out. */
  complete: boolean;
}

export interface PreparedTimers {
  batch: string;
  count: number;
  /** Makes the batch due at the database's now(); returns that instant as PostgreSQL prints it (microseconds kept). */
  makeDue(): Promise<string>;
  /** Cancels what is still pending of the batch (after a run stopped at its budget), so the next run starts clean. */
  discard(): Promise<void>;
}

/** Writes `count` pending alarm timers, all due at the database's now() once `makeDue` is called. */
export async function prepareTimers(engine: Engine, count: number): Promise<PreparedTimers> {
  await engine.definitions.publish(benchAlarm);
  const batch = `drain-${Date.now().toString(36)}`;
  const template = await engine.instances.start("bench-alarm", {}, { businessKey: batch });
  if (count > 1) await cloneInstances(engine.database.db, template.id, count - 1);
  const db = engine.database.db;
  const ofBatch = sql`status = 'pending' and kind = 'timer'
    and instance_id in (select id from instances where business_key = ${batch})`;
  return {
    batch,
    count,
    async makeDue() {
      const result = await db.execute(sql`
        with due as (update jobs set due_at = now() where ${ofBatch} returning due_at)
        select max(due_at)::text as at from due`);
      await db.execute(sql`select pg_notify('zhiben_jobs', '')`);
      return rowsOf<{ at: string }>(result)[0]!.at;
    },
    async discard() {
      await db.execute(
        sql`update jobs set status = 'cancelled', finished_at = now() where ${ofBatch}`,
      );
    },
  };
}

/**
 * Pending timers due by `dueAt`: only this batch's are (the bench's database
 * is its own), and the partial index of pending jobs keeps this cheap while
 * the workers drain, unlike a join over the batch's instances.
 */
async function pending(engine: Engine, dueAt: string): Promise<number> {
  const result = await engine.database.db.execute(sql`
    select count(*)::int as n from jobs
     where status = 'pending' and kind = 'timer' and due_at <= ${dueAt}::timestamptz`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

export interface DrainOptions {
  /** Stop waiting after this long and report what fired so far (default 15 minutes). */
  budgetMs?: number;
  /** Print a progress line this often (default 30 s; 0 for none). */
  progressMs?: number;
  log?: (line: string) => void;
  /** Counts the batch's pending timers (default: through the engine's own connections). */
  countPending?: (dueAt: string) => Promise<number>;
}

/** Calls `makeDue`, starts the workers with `go`, waits until the batch is drained or the budget is spent. */
export async function drainTimers(
  engine: Engine,
  prepared: PreparedTimers,
  go: () => void | Promise<void>,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const budgetMs = options.budgetMs ?? 15 * 60_000;
  const progressMs = options.progressMs ?? 30_000;
  const log = options.log ?? ((text: string) => console.log(text));
  const countPending = options.countPending ?? ((dueAt: string) => pending(engine, dueAt));
  const dueAt = await prepared.makeDue();
  const started = performance.now();
  await go();
  let left = await countPending(dueAt);
  let nextProgress = started + progressMs;
  while (left > 0 && performance.now() - started < budgetMs) {
    // Often enough to time a drain of a few seconds; the count is one index scan of pending jobs.
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await countPending(dueAt);
    if (progressMs > 0 && performance.now() >= nextProgress) {
      const elapsed = (performance.now() - started) / 1000;
      const fired = prepared.count - left;
      log(
        `  … ${fired.toLocaleString("en-US")} of ${prepared.count.toLocaleString("en-US")} fired after ${elapsed.toFixed(0)} s (${(fired / elapsed).toFixed(0)}/s so far)`,
      );
      nextProgress += progressMs;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const result = await engine.database.db.execute(sql`
    select count(*)::int as n,
           extract(epoch from (j.finished_at - j.due_at)) * 1000 as late
      from jobs j join instances i on i.id = j.instance_id
     where i.business_key = ${prepared.batch} and j.status = 'done'
     group by 2`);
  const late: number[] = [];
  let timers = 0;
  for (const row of rowsOf<{ n: number; late: string | number }>(result)) {
    for (let i = 0; i < row.n; i++) late.push(Number(row.late));
    timers += row.n;
  }
  return {
    timers,
    of: prepared.count,
    seconds,
    perSecond: timers / seconds,
    lateness: { p50: percentile(late, 50), p99: percentile(late, 99), max: percentile(late, 100) },
    complete: left === 0,
  };
}
