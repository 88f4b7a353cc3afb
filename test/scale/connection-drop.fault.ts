/**
 * Every database connection dropped (pg_terminate_backend) during a load of
 * task completions over HTTP: each request either succeeded and is in the
 * history, or failed with a 503 problem and left no trace; and the server
 * recovers by itself. Real PostgreSQL only.
 *
 * NOT part of `npm test`: it fails today (test/bench/RESULTS.md, "Faults").
 * With scripts/patch-postgres.mjs applied, the answers during the storm are
 * right (200 and in history, or 503 and no trace), but a retry right after it
 * meets a pooled connection killed while idle (one more 503), and postgres.js
 * leaves unhandled rejections from its type fetch on connections killed while
 * connecting.
 * Run it with `DATABASE_URL=… npm run test:faults`.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../api/server.js";
import { runConcurrently } from "../bench/measure.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { approvalFixture, completeTask, login, openTasks, startApiServer } from "./http-servers.js";

const TASKS = 200;

describe.skipIf(!onPostgres)(
  "task completions over HTTP while the database drops connections",
  () => {
    let database: TestDatabase;
    let server: RunningServer & { dispose(): Promise<void> };

    beforeAll(async () => {
      database = await createTestDatabase();
      server = await startApiServer(database.url);
      await server.engine.definitions.publish(approvalFixture);
    });

    afterAll(async () => {
      await server?.dispose();
      await database?.drop();
    });

    /** Reads on a fresh connection, so the check never meets a connection the test killed. */
    async function check(taskId: string): Promise<{ completions: number; status: string }> {
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      try {
        const [row] = await sql`select t.status,
          (select count(*)::int from history h where h.instance_id = t.instance_id and h.event = 'DONE') as completions
        from tasks t where t.id = ${taskId}`;
        return { completions: row!.completions as number, status: row!.status as string };
      } finally {
        await sql.end();
      }
    }

    it(`each of ${TASKS} completions is applied with a 200 or refused with a clean 503`, async () => {
      const token = await login(server.url);
      const taskIds = await openTasks(server.engine, TASKS);
      const name = new URL(database.url).pathname.slice(1);
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      let terminated = 0;
      let loading = true;
      const killer = (async () => {
        while (loading) {
          const [row] = await admin`select count(*)::int as n from (
            select pg_terminate_backend(pid) from pg_stat_activity
             where datname = ${name} and pid <> pg_backend_pid()) k`;
          terminated += row!.n as number;
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      })();
      const answers = new Map<string, { status: number; contentType: string; body: string }>();
      try {
        await runConcurrently(8, TASKS, async (i) => {
          answers.set(taskIds[i]!, await completeTask(server.url, token, taskIds[i]!));
        });
      } finally {
        loading = false;
        await killer;
        await admin.end();
      }
      expect(terminated).toBeGreaterThan(0);

      const refused: string[] = [];
      for (const [taskId, answer] of answers) {
        const state = await check(taskId);
        if (answer.status === 200) {
          expect(state).toEqual({ completions: 1, status: "completed" });
        } else {
          expect(answer.status).toBe(503);
          expect(answer.contentType).toMatch(/application\/problem\+json/);
          expect(state).toEqual({ completions: 0, status: "open" });
          refused.push(taskId);
        }
      }
      // Recovered without a restart: the refused ones now go through.
      for (const taskId of refused) {
        expect((await completeTask(server.url, token, taskId)).status).toBe(200);
        expect(await check(taskId)).toEqual({ completions: 1, status: "completed" });
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  },
);
