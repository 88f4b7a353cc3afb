/**
 * One shape for both storage drivers: a drizzle database plus LISTEN/NOTIFY and close.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.js";

export type Schema = typeof schema;
/** A drizzle database or transaction on either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * The hot path's side of a transaction opened with `db.transaction`: statements of
 * fixed text sent straight to the driver (prepared once per connection on
 * PostgreSQL; drizzle's own queries are parsed and planned every time).
 */
export interface Statements {
  /** Runs `text` with `$1…` parameters; rows come back with the column names as selected. */
  run<R = Record<string, unknown>>(text: string, params: unknown[]): Promise<R[]>;
  /**
   * Runs a write whose only answer is the transaction's id (an `xid` column read with
   * `pg_current_xact_id()`). On PostgreSQL, in a top-level transaction whose id an
   * earlier statement read, it is sent and not waited for: it goes out with COMMIT in
   * one write, and if it fails, the transaction fails at COMMIT with its error
   * (scripts/patch-postgres.mjs). Statements after it still run after it.
   */
  write(text: string, params: unknown[]): Promise<void>;
  /**
   * The transaction id that a statement read with `pg_current_xact_id()` (a write, or a
   * row lock: either gives the transaction its id): the postgres
   * driver then needs no statement of its own to learn it before COMMIT (see
   * retry-lost-connections.ts). A no-op on PGlite.
   */
  wrote(xid: string): void;
}

export interface StatementOptions {
  /**
   * The transaction is a top-level one that commits when its code returns (not a
   * savepoint): `write` may then leave with COMMIT.
   */
  commitsAfter?: boolean;
}

export interface Database {
  readonly kind: "pglite" | "postgres";
  /** Drizzle on the database with the engine's schema, relational queries (`db.query`) included. */
  readonly db: Db;
  /**
   * The same database without drizzle's relational queries (`db.query`), which drizzle
   * builds anew, one builder per table, for every transaction: the engine's own
   * statements and transactions go through this one (it never uses `db.query`).
   */
  readonly engineDb: Db;
  /**
   * Prepared statements on a transaction of `db` or `engineDb` (the `tx` its
   * `transaction` callback got).
   */
  statements(tx: Db, options?: StatementOptions): Statements;
  /** Calls `handler` for each NOTIFY on `channel`; returns a function that stops listening. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Applies the shipped migrations, or another folder's with its own bookkeeping table
   * (an application's tables beside the engine's); safe when several processes start at once.
   */
  migrate(folder?: MigrationFolder): Promise<void>;
  close(): Promise<void>;
}

/** A drizzle-kit migrations folder and the table that records which of its migrations ran. */
export interface MigrationFolder {
  migrationsFolder: string;
  /** Must differ from the engine's (`__drizzle_migrations`). */
  migrationsTable: string;
}

export interface OpenOptions {
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /**
   * Called with the text of every statement sent to the database (`begin` and
   * `commit` included), as it is sent: the statement-count guard's hook.
   */
  onStatement?: (statement: string) => void;
}

export interface DatabaseDriver {
  /** Whether this driver opens the given `database` option. */
  accepts(url: string): boolean;
  open(url: string, options: OpenOptions): Promise<Database>;
}
