/**
 * The driver's own client under a drizzle database or transaction: postgres.js's
 * `sql` (scoped to the transaction) or PGlite's transaction. Drizzle keeps it as
 * `session.client` in both of its drivers; the statements of the hot path go
 * straight to it.
 */
import type { Db } from "../database.js";

export function sessionClient<T>(db: Db): T {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client) throw new Error("no client under this drizzle session: has drizzle-orm changed?");
  return client as T;
}
