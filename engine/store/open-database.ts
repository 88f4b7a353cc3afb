/**
 * Opens the database named by the engine's `database` option:
 * `postgres://…` (postgres.js), `pglite://memory`, `pglite:///a/dir`, or nothing
 * for a PGlite on disk in `ZHIBEN_DATA_DIR` (default `./data`).
 */
import { resolve } from "node:path";
import type { Database, DatabaseDriver, OpenOptions } from "./database.js";
import { pgliteDriver } from "./drivers/pglite.js";
import { postgresDriver } from "./drivers/postgres.js";

const drivers: DatabaseDriver[] = [postgresDriver, pgliteDriver];

/** Where the embedded database lives when no `database` option is given. */
export function defaultDatabaseUrl(): string {
  return `pglite://${resolve(process.env.ZHIBEN_DATA_DIR ?? "./data", "db")}`;
}

export async function openDatabase(
  url: string | undefined,
  options: OpenOptions = {},
): Promise<Database> {
  const target = url ?? defaultDatabaseUrl();
  const driver = drivers.find((d) => d.accepts(target));
  if (!driver)
    throw new TypeError(
      `unknown database URL ${JSON.stringify(target)}: use postgres://…, pglite://memory or pglite:///a/dir`,
    );
  return driver.open(target, options);
}
