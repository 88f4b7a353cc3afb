/**
 * An administrator enters 2027 while two worker processes run: both reload the working
 * calendar (LISTEN/NOTIFY) within a second, and the timers they compute afterwards count
 * 2027's holidays. Real PostgreSQL only; on PGlite the file records that it did not run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../../engine/clock.js";
import type { Engine } from "../../engine/engine.js";
import { createEngine } from "../../engine/index.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { startWorkerProcesses, type WorkerProcess } from "./worker-processes.js";

/** A timer due at once, then one 10 working days later, computed by whichever worker fires the first. */
const relay = {
  key: "relay",
  name: "接力",
  initial: "first",
  states: {
    first: { after: [{ delay: "PT0S", target: "second" }] },
    second: { after: [{ delay: "P10D", calendar: "workdays", target: "done" }] },
    done: { type: "final" },
  },
};

/** TEST DATA, not the official 2027 arrangement. */
const test2027 = {
  days: [
    { date: "2027-01-01", kind: "holiday", name: "元旦" },
    { date: "2027-02-06", kind: "holiday", name: "春节" },
  ],
  complete: true,
};

async function waitFor<T>(probe: () => Promise<T>, until: (v: T) => boolean, timeoutMs: number) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (until(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`gave up at ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (onPostgres) {
  describe("a calendar change with two worker processes", () => {
    let database: TestDatabase;
    let engine: Engine;
    let workers: WorkerProcess[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      // Friday 18 December 2026, 09:00 in Beijing, here and in both workers.
      const start = "2026-12-18T01:00:00.000Z";
      engine = await createEngine({ database: database.url, clock: createManualClock(start) });
      await engine.definitions.publish(relay);
      workers = await startWorkerProcesses(2, database.url, {
        WORKER_CLOCK: start,
        WORKER_POLL_MS: "200",
      });
      for (const worker of workers) worker.go();
    });

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await engine?.close();
      await database?.drop();
    });

    const secondTimers = async (ids: string[]) => {
      const timers = [];
      for (const id of ids) {
        const found = await engine.calendar.flagged({ instanceId: id });
        const instance = await engine.instances.get(id);
        timers.push({ state: instance.activeStates[0], flagged: found.length });
      }
      return timers;
    };

    it("reaches both within a second; timers computed afterwards count 2027's holidays", async () => {
      const before = await Promise.all([1, 2, 3, 4].map(() => engine.instances.start("relay", {})));
      await waitFor(
        () => secondTimers(before.map((i) => i.id)),
        (t) => t.every((x) => x.state === "second"),
        20_000,
      );
      // By weekends alone: flagged.
      expect((await secondTimers(before.map((i) => i.id))).every((t) => t.flagged === 1)).toBe(
        true,
      );
      expect(await Promise.all(workers.map((w) => w.calendarComplete(2027)))).toEqual([
        false,
        false,
      ]);

      const putAt = Date.now();
      await engine.calendar.put(2027, test2027, { id: "admin", groups: ["calendar-admin"] });
      await waitFor(
        () => Promise.all(workers.map((w) => w.calendarComplete(2027))),
        (answers) => answers.every(Boolean),
        1000,
      );
      const reachedMs = Date.now() - putAt;
      expect(reachedMs).toBeLessThan(1000);

      const after = await Promise.all(
        Array.from({ length: 8 }, () => engine.instances.start("relay", {})),
      );
      await waitFor(
        () => secondTimers(after.map((i) => i.id)),
        (t) => t.every((x) => x.state === "second"),
        20_000,
      );
      // The earlier ones were counted again; the new ones were right from the start.
      for (const instance of [...before, ...after]) {
        expect(await engine.calendar.flagged({ instanceId: instance.id })).toEqual([]);
        const history = await engine.instances.history(instance.id);
        expect(history.map((h) => h.kind)).toEqual(
          before.includes(instance) ? ["start", "event", "calendar"] : ["start", "event"],
        );
      }
      const due = await engine.database.db.query.jobs.findMany({
        where: (jobs, { and, eq }) => and(eq(jobs.status, "pending"), eq(jobs.kind, "timer")),
      });
      // 10 working days from Friday 18 December, 元旦 off: Monday 4 January 2027, 09:00.
      expect(new Set(due.map((j) => j.dueAt.toISOString()))).toEqual(
        new Set(["2027-01-04T01:00:00.000Z"]),
      );
      expect(due).toHaveLength(12);
    });
  });
} else {
  describe("a calendar change with two worker processes", () => {
    it("is tested on PostgreSQL only: PGlite is one process, its change is reloaded directly", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
