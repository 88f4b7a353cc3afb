/**
 * One shape for both storage drivers: a drizzle database plus LISTEN/NOTIFY and close.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.js";

export type Schema = typeof schema;
/** A drizzle database or transaction on either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
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
