/** PostgreSQL server through postgres.js: `postgres://user@host:5432/db`. */
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database, DatabaseDriver, Db, Statements } from "../database.js";
import * as schema from "../schema.js";
import { migrationsFolder } from "../migrations-folder.js";
import { reportTransactionId, retryLostConnections } from "./retry-lost-connections.js";
import { failsAtCommit } from "./postgres-patched.js";
import { sessionClient } from "./session-client.js";

/** Any fixed number: every Zhiben process takes this advisory lock while it migrates. */
const MIGRATION_LOCK = 7_426_110;

export const postgresDriver: DatabaseDriver = {
  accepts: (url) => url.startsWith("postgres://") || url.startsWith("postgresql://"),
  async open(url, { poolSize = 10, onStatement }) {
    /** Set by close(): nothing may be sent after it. */
    let ended = false;
    const client = postgres(url, {
      // Called as each statement is written to a connection (pipelined ones too).
      ...(onStatement ? { debug: (_connection: number, query: string) => onStatement(query) } : {}),
      max: poolSize,
      onnotice: () => {},
      connection: { application_name: "zhiben" },
      // Seconds before a lost connection is opened again. postgres.js's default grows
      // to 20 s after a few failures in a row (a server restart, a storm of
      // pg_terminate_backend), and queries wait that long; 1 s at most here.
      backoff: (failures) => Math.min(0.02 * 2 ** failures, 1),
    });
    // postgres.js learns the array types (text[] and the like) from a catalog query
    // on each new connection. When that connection dies during the query, 3.4.9
    // leaves the failure as an unhandled rejection (a process-ending one) and
    // replays it onto the next query after reconnecting (porsager/postgres#1192,
    // #1223). The types are the same for the whole pool: learn them once, here,
    // then let reconnections skip the query.
    try {
      await client`select 1`;
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    client.options.fetch_types = false;
    // Whether a change's write may leave with COMMIT (see postgres-patched.ts).
    const deferWrites = failsAtCommit();
    const retrying = retryLostConnections(client);
    const db = drizzle({ client: retrying, schema }) as unknown as Db;
    const engineDb = drizzle({ client: retrying }) as unknown as Db;
    const database: Database = {
      kind: "postgres",
      db,
      engineDb,
      statements(tx, { commitsAfter = false } = {}): Statements {
        const scoped = sessionClient<postgres.Sql>(tx);
        // Named and prepared by postgres.js once per connection (keyed by the text).
        const query = (text: string, params: unknown[]) =>
          scoped.unsafe(text, params as never[], { prepare: true });
        /** The transaction's id is known (retry-lost-connections.ts needs it once COMMIT is sent). */
        let identified = false;
        const wrote = (xid: string) => {
          reportTransactionId(scoped, xid);
          identified = true;
        };
        return {
          run: <R>(text: string, params: unknown[]) =>
            query(text, params) as unknown as Promise<R[]>,
          async write(text, params) {
            if (commitsAfter && identified && deferWrites) {
              // Not awaited: the transaction's scope catches its failure and fails at COMMIT.
              query(text, params).execute();
              return;
            }
            const [row] = (await query(text, params)) as unknown as { xid?: string }[];
            if (row?.xid) wrote(row.xid);
          },
          wrote,
        };
      },
      async listen(channel, handler) {
        const { unlisten } = await client.listen(channel, (payload) => handler(payload));
        // After close there is nothing to stop listening to (and postgres.js would fail the
        // UNLISTEN with CONNECTION_ENDED).
        return async () => {
          if (!ended) await unlisten();
        };
      },
      async migrate(folder) {
        // One connection, so the session-level advisory lock covers the whole migration.
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migrate(
            drizzle({ client: single, schema }),
            folder ?? { migrationsFolder: migrationsFolder() },
          );
          await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        } finally {
          await single.end();
        }
      },
      async close() {
        ended = true;
        await client.end({ timeout: 5 });
      },
    };
    return database;
  },
};
