/** Embedded PostgreSQL (PGlite): `pglite://memory` or `pglite:///path/to/dir`. */
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { mkdirSync } from "node:fs";
import type { Database, DatabaseDriver, Db, Statements } from "../database.js";
import * as schema from "../schema.js";
import { migrationsFolder } from "../migrations-folder.js";
import { countPgliteStatements } from "./count-pglite-statements.js";
import { sessionClient } from "./session-client.js";

export const pgliteDriver: DatabaseDriver = {
  accepts: (url) => url.startsWith("pglite:"),
  async open(url, { onStatement }) {
    const location = url.slice("pglite://".length);
    let client: PGlite;
    if (location === "memory" || location === "") {
      client = new PGlite();
    } else {
      mkdirSync(location, { recursive: true });
      client = new PGlite(location);
    }
    await client.waitReady;
    const queried = onStatement ? countPgliteStatements(client, onStatement) : client;
    const db = drizzle({ client: queried, schema }) as unknown as Db;
    const engineDb = drizzle({ client: queried }) as unknown as Db;
    const database: Database = {
      kind: "pglite",
      db,
      engineDb,
      statements(tx): Statements {
        const client = sessionClient<Pick<PGlite, "query">>(tx);
        const run = async <R>(text: string, params: unknown[]) =>
          (await client.query<R>(text, params)).rows;
        return {
          run,
          // In process: nothing to gain by not waiting.
          write: async (text, params) => void (await run(text, params)),
          wrote() {},
        };
      },
      async listen(channel, handler) {
        const unsubscribe = await client.listen(channel, handler);
        // After close there is nothing to stop listening to (and PGlite throws if asked).
        return async () => {
          if (!client.closed) await unsubscribe();
        };
      },
      async migrate(folder) {
        await migrate(
          drizzle({ client, schema }),
          folder ?? { migrationsFolder: migrationsFolder() },
        );
      },
      async close() {
        if (!client.closed) await client.close();
      },
    };
    return database;
  },
};
