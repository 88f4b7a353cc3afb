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
  /** Applies the shipped migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
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
