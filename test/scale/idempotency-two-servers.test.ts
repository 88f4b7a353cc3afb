/**
 * The same task completion sent with one Idempotency-Key to two server
 * processes (api/main.ts with ZHIBEN_ROLE=api, each its own operating-system
 * process and connection pool, one PostgreSQL) at the same moment: applied
 * once, and both callers get the same answer.
 * Real PostgreSQL only; on PGlite the file records that it did not run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { approvalFixture, completeTask, login, openTasks } from "./http-servers.js";
import { startServerProcesses, type ServerProcesses } from "./server-processes.js";

const NAME = "one Idempotency-Key sent to two server processes at once";

if (onPostgres) {
  describe(NAME, () => {
    let database: TestDatabase;
    let engine: Engine;
    let processes: ServerProcesses;

    beforeAll(async () => {
      database = await createTestDatabase();
      // Migrates the fresh database before the two servers start on it.
      engine = await createEngine({ database: database.url, poolSize: 2 });
      await engine.definitions.publish(approvalFixture);
      processes = await startServerProcesses(2, database.url);
    }, 120_000);

    afterAll(async () => {
      await processes?.stop();
      await engine?.close();
      await database?.drop();
    });

    it(
      "applies the completion once and answers both callers alike",
      { timeout: 60_000 },
      async () => {
        const [first, second] = [processes.servers[0]!, processes.servers[1]!];
        const [tokenA, tokenB] = [await login(first.url), await login(second.url)];
        const taskIds = await openTasks(engine, 10);
        for (const taskId of taskIds) {
          const key = `complete-${taskId}`;
          const [a, b] = await Promise.all([
            completeTask(first.url, tokenA, taskId, key),
            completeTask(second.url, tokenB, taskId, key),
          ]);
          expect(a.status).toBe(200);
          expect(b).toEqual(a);
          const task = await engine.tasks.get(taskId);
          const done = (await engine.instances.history(task.instanceId)).filter(
            (h) => h.event === "DONE",
          );
          expect(done).toHaveLength(1);
        }
      },
    );
  });
} else {
  describe(NAME, () => {
    it("is tested on PostgreSQL only: two processes cannot share an in-memory PGlite", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
