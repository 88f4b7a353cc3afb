/**
 * The same task completion sent with one Idempotency-Key to two servers (two
 * engines, two connection pools, one PostgreSQL) at the same moment: applied
 * once, and both callers get the same answer.
 * Real PostgreSQL only; on PGlite the file records that it did not run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../api/server.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { approvalFixture, completeTask, login, openTasks, startApiServer } from "./http-servers.js";

if (onPostgres) {
  describe("one Idempotency-Key sent to two servers at once", () => {
    let database: TestDatabase;
    const servers: (RunningServer & { dispose(): Promise<void> })[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      servers.push(await startApiServer(database.url), await startApiServer(database.url));
      await servers[0]!.engine.definitions.publish(approvalFixture);
    });

    afterAll(async () => {
      for (const server of servers) await server.dispose();
      await database?.drop();
    });

    it(
      "applies the completion once and answers both callers alike",
      { timeout: 60_000 },
      async () => {
        const [first, second] = [servers[0]!, servers[1]!];
        const [tokenA, tokenB] = [await login(first.url), await login(second.url)];
        const taskIds = await openTasks(first.engine, 10);
        for (const taskId of taskIds) {
          const key = `complete-${taskId}`;
          const [a, b] = await Promise.all([
            completeTask(first.url, tokenA, taskId, key),
            completeTask(second.url, tokenB, taskId, key),
          ]);
          expect(a.status).toBe(200);
          expect(b).toEqual(a);
          const task = await first.engine.tasks.get(taskId);
          const done = (await first.engine.instances.history(task.instanceId)).filter(
            (h) => h.event === "DONE",
          );
          expect(done).toHaveLength(1);
        }
      },
    );
  });
} else {
  describe("one Idempotency-Key sent to two servers at once", () => {
    it("is tested on PostgreSQL only: two servers cannot share an in-memory PGlite", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
