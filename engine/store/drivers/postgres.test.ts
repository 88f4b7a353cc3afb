/**
 * The postgres driver's answers stay each query's own after a query fails
 * part-way through its rows (postgres.js 3.4.9 kept counting from where the
 * failed one stopped: porsager/postgres#1119, guarded by
 * scripts/patch-postgres.mjs). Real PostgreSQL only; on PGlite the file
 * records that it did not run.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  onPostgres,
  type TestDatabase,
} from "../../../test/support/test-database.js";
import type { Database } from "../database.js";
import { postgresDriver } from "./postgres.js";
import { rowsOf } from "../../service/rows.js";

const NAME = "postgres driver after a query failed part-way through its rows";

if (onPostgres) {
  describe(NAME, () => {
    let testDatabase: TestDatabase;
    let database: Database;

    beforeAll(async () => {
      testDatabase = await createTestDatabase();
      // One connection, so the next query surely runs where the failed one did.
      database = await postgresDriver.open(testDatabase.url, { poolSize: 1 });
    });

    afterAll(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    it("answers the next query with its own rows, without holes before them", async () => {
      // Rows 1–4 reach the client, then row 5 divides by zero.
      await expect(
        database.db.execute(sql`select 1 / (5 - x) as v from generate_series(1, 10) x`),
      ).rejects.toMatchObject({ cause: { code: "22012" } }); // division_by_zero
      const rows = rowsOf(await database.db.execute(sql`select 42 as answer`));
      expect(rows).toEqual([{ answer: 42 }]);
    });

    it("answers queries sent together behind the failed one with their own rows", async () => {
      const [failed, first, second] = await Promise.allSettled([
        database.db.execute(sql`select 1 / (3 - x) as v from generate_series(1, 10) x`),
        database.db.execute(sql`select x from generate_series(1, 3) x`),
        database.db.execute(sql`select 'one' as only`),
      ]);
      expect(failed.status).toBe("rejected");
      expect(first.status === "fulfilled" && rowsOf(first.value)).toEqual([
        { x: 1 },
        { x: 2 },
        { x: 3 },
      ]);
      expect(second.status === "fulfilled" && rowsOf(second.value)).toEqual([{ only: "one" }]);
    });
  });
} else {
  describe(NAME, () => {
    it("is tested on PostgreSQL only: PGlite is not reached through postgres.js", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
