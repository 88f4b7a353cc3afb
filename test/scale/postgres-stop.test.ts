/**
 * PostgreSQL stopped for a few seconds under a load of task completions and
 * started again: while it is down, `/healthz` answers 503 and says why; the
 * server (HTTP and worker in one process) carries on afterwards without a
 * restart. Every completion answered 200 is in the history exactly once, every
 * refused one left no trace and goes through when sent again, and timers,
 * including those that fell due while the database was down, fire once.
 *
 * The test stops a PostgreSQL cluster of its own (test/scale/private-postgres.ts),
 * never the shared server that other test files use at the same time. It runs
 * when DATABASE_URL is set and then fails, with a message, if PostgreSQL's
 * server binaries are missing; on PGlite the file records that it did not run.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../api/server.js";
import { onPostgres } from "../support/test-database.js";
import {
  approvalFixture,
  completeTask,
  login,
  openTasks,
  startApiServer,
  expectAppliedOrRefused,
  expectRetriesApplied,
} from "./http-servers.js";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres.js";

const TASKS = 80;
/** How long the database stays down, from the start of `pg_ctl stop`. */
const DOWN_MS = 3_000;
/** Completions answered 200 before the stop, and again after the start, before the load ends. */
const SUCCESSES_PER_PHASE = 10;
const NAME = "PostgreSQL stopped under load and started again";

/** A timer and nothing else: the worker's part of the server. */
const timerFixture = {
  key: "scale-timer",
  name: "Scale test timer",
  initial: "waiting",
  states: {
    waiting: { after: [{ delay: "PT2S", target: "rang" }] },
    rang: { type: "final" },
  },
};
const TIMER_EVENT = "zb.timer.waiting.0";

type Phase = "before" | "down" | "after";
interface Answer {
  taskId: string;
  phase: Phase;
  status: number;
  contentType: string;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number) {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up after ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

if (onPostgres) {
  describe(NAME, () => {
    let cluster: PrivatePostgres | undefined;
    let server: (RunningServer & { dispose(): Promise<void> }) | undefined;

    beforeAll(async () => {
      cluster = await startPrivatePostgres();
      server = await startApiServer(cluster.url, { role: "all" });
      await server.engine.definitions.publish(approvalFixture);
      await server.engine.definitions.publish(timerFixture);
    });

    afterAll(async () => {
      await server?.dispose();
      await cluster?.destroy();
    });

    /** Timer firings per instance, and whether it ended, read on a connection of the test's own. */
    async function timerStates(ids: string[]) {
      const sql = postgres(cluster!.url, { max: 1, onnotice: () => {} });
      try {
        return await sql<{ id: string; status: string; firings: number }[]>`
          select i.id, i.status,
            (select count(*)::int from history h
              where h.instance_id = i.id and h.event = ${TIMER_EVENT}) as firings
          from instances i where i.id = any(${ids}::uuid[]) order by i.id`;
      } finally {
        await sql.end();
      }
    }

    // 13–35 s measured on the loaded 2-core machine; the margin is for a busier CI run.
    it(
      "answers 503 while it is down, then carries on with nothing lost",
      { timeout: 90_000 },
      async () => {
        const { url, engine } = server!;
        const token = await login(url);
        const taskIds = await openTasks(engine, TASKS);
        const answers: Answer[] = [];
        let phase: Phase = "before";
        let loading = true;
        let next = 0;
        const successes = (p: Phase) =>
          answers.filter((a) => a.phase === p && a.status === 200).length;

        // Four clients completing tasks; after a refusal a client waits a little, as Retry-After asks.
        const load = Promise.all(
          Array.from({ length: 4 }, async () => {
            while (loading && next < taskIds.length) {
              const taskId = taskIds[next++]!;
              const sentIn = phase;
              const answer = await completeTask(url, token, taskId);
              // A request sent before the stop may be answered during it: it counts as "down".
              answers.push({ taskId, phase: sentIn === phase ? phase : "down", ...answer });
              if (answer.status !== 200) await sleep(250);
            }
          }),
        );

        await waitFor(
          "completions before the stop",
          () => successes("before") >= SUCCESSES_PER_PHASE,
          60_000,
        );
        // Timers that fall due while the database is down.
        const early = await Promise.all(
          [1, 2, 3].map(async () => (await engine.instances.start("scale-timer", {})).id),
        );
        const stoppedAt = Date.now();
        phase = "down";
        await cluster!.stop();

        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({
          status: "unavailable",
          database: "postgres",
          reason: expect.any(String),
        });

        await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
        await cluster!.start();
        phase = "after";
        const startedAt = Date.now();
        // The same server process, not restarted, finds the database again by itself.
        await waitFor(
          "healthz ok after the start",
          async () => (await fetch(`${url}/healthz`)).status === 200,
          30_000,
        );
        const recoveredMs = Date.now() - startedAt;
        await waitFor(
          "completions after the start",
          () => successes("after") >= SUCCESSES_PER_PHASE || next >= taskIds.length,
          60_000,
        );
        loading = false;
        await load;

        const refused = await expectAppliedOrRefused(cluster!.url, answers);
        expect(successes("after")).toBeGreaterThan(0);
        await expectRetriesApplied(url, token, cluster!.url, refused);

        // The worker recovered too: the timers due during the outage fire once, and a new one fires.
        const late = (await engine.instances.start("scale-timer", {})).id;
        const timers = [...early, late];
        await waitFor(
          "timers fired",
          async () => (await timerStates(timers)).every((t) => t.status === "completed"),
          30_000,
        );
        for (const timer of await timerStates(timers))
          expect(timer).toEqual({ id: timer.id, status: "completed", firings: 1 });

        console.info(
          `postgres stop: ${answers.length} completions sent; 200 before/down/after: ` +
            `${successes("before")}/${successes("down")}/${successes("after")}; ` +
            `${refused.length} answered 503 and went through when sent again; ` +
            `${timers.length} timers fired once; healthz ok ${recoveredMs} ms after pg_ctl start returned`,
        );
      },
    );
  });
} else {
  describe(NAME, () => {
    it("is tested on PostgreSQL only: the embedded PGlite has no server to stop", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
