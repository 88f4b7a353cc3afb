/**
 * Opens the file store named by the engine's `files.store` option or `ZHIBEN_FILES`:
 * `database` (default), `file:///a/dir` or `s3://bucket?endpoint=…`. Drivers are
 * registered by kind; adding one is adding a module to the list.
 *
 * @example
 * ```ts
 * const store = await openFileStore(process.env.ZHIBEN_FILES, { db });
 * ```
 */
import type { Db } from "../store/database.js";
import type { FileStore, FileStoreDriver } from "./file-store.js";
import { databaseStoreDriver } from "./stores/database-store.js";
import { diskStoreDriver } from "./stores/disk-store.js";
import { s3StoreDriver } from "./stores/s3-store.js";

const drivers: FileStoreDriver[] = [databaseStoreDriver, diskStoreDriver, s3StoreDriver];

export async function openFileStore(
  url: string | undefined,
  context: { db: Db },
): Promise<FileStore> {
  const target = url?.trim() ?? "database";
  const driver = drivers.find((d) => d.accepts(target));
  if (!driver)
    throw new TypeError(
      `unknown files URL ${JSON.stringify(target)}: use database, file:///a/dir or s3://bucket?endpoint=…`,
    );
  return driver.open(target, context);
}
