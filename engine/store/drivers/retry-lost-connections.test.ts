/**
 * The postgres driver after its connections were dropped (pg_terminate_backend):
 * the next transaction and the next read go through, arrays still come back
 * as arrays, and a transaction that fails for its own reasons runs once.
 * Real PostgreSQL only; on PGlite the file records that it did not run.
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  onPostgres,
  type TestDatabase,
} from "../../../test/support/test-database.js";
import type { Database } from "../database.js";
import { postgresDriver } from "./postgres.js";
import { isConnectionLoss } from "./retry-lost-connections.js";

const NAME = "postgres driver after its connections were dropped";

if (onPostgres) {
  describe(NAME, () => {
    let testDatabase: TestDatabase;
    let database: Database;
    let admin: postgres.Sql;

    beforeAll(async () => {
      testDatabase = await createTestDatabase();
      database = await postgresDriver.open(testDatabase.url, { poolSize: 2 });
      admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    });

    afterAll(async () => {
      await admin?.end();
      await database?.close();
      await testDatabase?.drop();
    });

    /** Ends every session of the driver's pool; returns how many. */
    async function dropConnections(): Promise<number> {
      const name = new URL(testDatabase.url).pathname.slice(1);
      const [row] = await admin`select count(*)::int as n from (
        select pg_terminate_backend(pid) from pg_stat_activity
         where datname = ${name} and application_name = 'zhiben') k`;
      return row!.n as number;
    }

    it("runs the next transaction and the next read on a fresh connection", async () => {
      await Promise.all([
        database.db.execute(sql`select pg_sleep(0.05)`),
        database.db.execute(sql`select pg_sleep(0.05)`),
      ]);
      expect(await dropConnections()).toBeGreaterThan(0);
      let bodies = 0;
      const value = await database.db.transaction(async (tx) => {
        bodies++;
        const rows = await tx.execute(sql`select 41 + 1 as answer`);
        return (rows as unknown as { answer: number }[])[0]!.answer;
      });
      expect(value).toBe(42);
      expect(bodies).toBeGreaterThanOrEqual(1);

      await database.db.execute(sql`select 1`);
      expect(await dropConnections()).toBeGreaterThan(0);
      const rows = await database.db.execute(sql`select 'read' as kind`);
      expect(rows as unknown as { kind: string }[]).toEqual([{ kind: "read" }]);
    });

    it("still reads and writes text arrays as arrays on reconnected sessions", async () => {
      await dropConnections();
      const rows = (await database.db.execute(
        sql`select array['a', 'b,c', 'd"e']::text[] as xs,
                   ${sql.param(["x", "y"])}::text[] && array['y'] as overlaps`,
      )) as unknown as { xs: string[]; overlaps: boolean }[];
      expect(rows).toEqual([{ xs: ["a", "b,c", 'd"e'], overlaps: true }]);
    });

    it("runs a transaction that fails for its own reasons once, and says it is no connection loss", async () => {
      let bodies = 0;
      const failure = await database.db
        .transaction(async (tx) => {
          bodies++;
          await tx.execute(sql`select 1 / 0`);
        })
        .catch((error: unknown) => error);
      expect(bodies).toBe(1);
      expect(isConnectionLoss(failure)).toBe(false);
    });
  });
} else {
  describe(NAME, () => {
    it("is tested on PostgreSQL only: PGlite has no connections to drop", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
