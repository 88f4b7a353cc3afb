/** PostgreSQL server through postgres.js: `postgres://user@host:5432/db`. */
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database, DatabaseDriver, Db } from "../database.js";
import * as schema from "../schema.js";
import { migrationsFolder } from "../migrations-folder.js";

/** Any fixed number: every Zhiben process takes this advisory lock while it migrates. */
const MIGRATION_LOCK = 7_426_110;

export const postgresDriver: DatabaseDriver = {
  accepts: (url) => url.startsWith("postgres://") || url.startsWith("postgresql://"),
  async open(url, { poolSize = 10 }) {
    const client = postgres(url, {
      max: poolSize,
      onnotice: () => {},
      connection: { application_name: "zhiben" },
    });
    const db = drizzle({ client, schema }) as unknown as Db;
    const database: Database = {
      kind: "postgres",
      db,
      async listen(channel, handler) {
        const { unlisten } = await client.listen(channel, (payload) => handler(payload));
        return unlisten;
      },
      async migrate() {
        // One connection, so the session-level advisory lock covers the whole migration.
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migrate(drizzle({ client: single, schema }), {
            migrationsFolder: migrationsFolder(),
          });
          await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        } finally {
          await single.end();
        }
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
    return database;
  },
};
