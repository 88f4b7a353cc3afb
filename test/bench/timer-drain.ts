/**
 * Timers due at once, drained by workers: makes `count` bench-alarm instances
 * whose timers are all due now, lets the given workers run, and measures how
 * long until none is pending and how late each one fired.
 */
import { sql } from "drizzle-orm";
import type { Engine } from "../../engine/engine.js";
import { benchAlarm } from "./bench-processes.js";
import { cloneInstances } from "./clone-instances.js";
import { percentile, rowsOf } from "./measure.js";

export interface DrainResult {
  timers: number;
  seconds: number;
  perSecond: number;
  /** Lateness (finished_at − due_at) in ms. */
  lateness: { p50: number; p99: number; max: number };
}

/** Writes `count` pending alarm timers, all due at the database's now() once `makeDue` is called. */
export async function prepareTimers(
  engine: Engine,
  count: number,
): Promise<{ makeDue(): Promise<void>; batch: string }> {
  await engine.definitions.publish(benchAlarm);
  const batch = `drain-${Date.now().toString(36)}`;
  const template = await engine.instances.start("bench-alarm", {}, { businessKey: batch });
  if (count > 1) await cloneInstances(engine.database.db, template.id, count - 1);
  return {
    batch,
    async makeDue() {
      await engine.database.db.execute(sql`
        update jobs set due_at = now()
         where status = 'pending' and kind = 'timer'
           and instance_id in (select id from instances where business_key = ${batch})`);
      await engine.database.db.execute(sql`select pg_notify('zhiben_jobs', '')`);
    },
  };
}

async function pending(engine: Engine, batch: string): Promise<number> {
  const result = await engine.database.db.execute(sql`
    select count(*)::int as n from jobs j join instances i on i.id = j.instance_id
     where i.business_key = ${batch} and j.status = 'pending'`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Calls `makeDue`, starts the workers with `go`, waits until the batch is drained. */
export async function drainTimers(
  engine: Engine,
  prepared: { makeDue(): Promise<void>; batch: string },
  go: () => void | Promise<void>,
  timeoutMs = 30 * 60_000,
): Promise<DrainResult> {
  await prepared.makeDue();
  const started = performance.now();
  await go();
  let left = await pending(engine, prepared.batch);
  while (left > 0) {
    if (performance.now() - started > timeoutMs)
      throw new Error(`${left} timers still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    left = await pending(engine, prepared.batch);
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
    seconds,
    perSecond: timers / seconds,
    lateness: { p50: percentile(late, 50), p99: percentile(late, 99), max: percentile(late, 100) },
  };
}
