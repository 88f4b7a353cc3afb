/**
 * A worker process killed with SIGKILL while it drains timers loses nothing:
 * PostgreSQL drops its connection, its row locks go with it, and the other
 * worker takes over its claimed jobs. Every timer fires exactly once.
 * Real PostgreSQL only (worker processes need a server); on PGlite the file
 * records that it did not run.
 *
 * FAULT_TIMERS sets how many timers (default 10,000, as the issue asks: 36 s on two
 * quiet cores; fewer for a quick run while working on the worker).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { ALARM_EVENT } from "../bench/bench-processes.js";
import { rowsOf } from "../../engine/service/rows.js";
import { prepareTimers } from "../bench/timer-drain.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { startWorkerProcesses, type WorkerProcess } from "./worker-processes.js";

const TIMERS = Number(process.env.FAULT_TIMERS ?? 10_000);

async function counts(engine: Engine, batch: string) {
  const result = await engine.database.db.execute(sql`
    select
      (select count(*)::int from jobs j join instances i on i.id = j.instance_id
        where i.business_key = ${batch} and j.status = 'pending') as pending,
      (select count(*)::int from jobs j join instances i on i.id = j.instance_id
        where i.business_key = ${batch} and j.status = 'done') as done`);
  return rowsOf<{ pending: number; done: number }>(result)[0]!;
}

async function waitFor<T>(
  probe: () => Promise<T>,
  until: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (until(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`gave up after ${timeoutMs} ms at ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

if (onPostgres) {
  describe("a worker process killed while it drains timers", () => {
    let database: TestDatabase;
    let engine: Engine;
    let workers: WorkerProcess[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      engine = await createEngine({ database: database.url, poolSize: 4 });
    });

    afterAll(async () => {
      for (const worker of workers) worker.child.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.exited));
      await engine?.close();
      await database?.drop();
    });

    it(
      `loses no timer and fires none twice (${TIMERS} timers, one of two workers killed)`,
      { timeout: 240_000 },
      async () => {
        const prepared = await prepareTimers(engine, TIMERS);
        workers = await startWorkerProcesses(2, database.url, {
          WORKER_BATCH: "50",
          WORKER_POLL_MS: "200",
        });
        const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
        await prepared.makeDue();
        victim.go();
        survivor.go();

        // Kill it as soon as the drain is under way (it is then most likely inside a batch, holding claims).
        const atKill = await waitFor(
          () => counts(engine, prepared.batch),
          (c) => c.done >= 20,
          120_000,
        );
        victim.child.kill("SIGKILL");
        expect(await victim.exited).toBe(null);
        expect(atKill.pending).toBeGreaterThan(0);

        await waitFor(
          () => counts(engine, prepared.batch),
          (c) => c.pending === 0,
          200_000,
        );
        const fired = rowsOf<{
          firings: number;
          instances: number;
          twice: number;
          completed: number;
        }>(
          await engine.database.db.execute(sql`
          select count(*)::int as firings,
                 count(distinct h.instance_id)::int as instances,
                 (select count(*)::int from (select instance_id from history where event = ${ALARM_EVENT}
                   group by instance_id having count(*) > 1) d) as twice,
                 (select count(*)::int from instances where business_key = ${prepared.batch} and status = 'completed') as completed
            from history h join instances i on i.id = h.instance_id
           where i.business_key = ${prepared.batch} and h.event = ${ALARM_EVENT}`),
        )[0];
        expect(fired).toEqual({ firings: TIMERS, instances: TIMERS, twice: 0, completed: TIMERS });
        expect(await counts(engine, prepared.batch)).toEqual({ pending: 0, done: TIMERS });
      },
    );
  });
} else {
  describe("a worker process killed while it drains timers", () => {
    it("is tested on PostgreSQL only: PGlite is one process, there is no second worker to take over", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
