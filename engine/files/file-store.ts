/**
 * Where attachments' bytes live: one small interface, one driver per kind of store,
 * chosen by the `files` URL (`ZHIBEN_FILES`): `database` (the default: chunked `bytea`
 * rows in the engine's own database, so an embedded PGlite needs no other service),
 * `file:///a/dir` (a directory on disk) or `s3://bucket?endpoint=…` (S3-compatible).
 *
 * @example
 * ```ts
 * const store = await openFileStore("file:///var/lib/zhiben/files", { db });
 * await store.write("0b9b…", createReadStream(path));
 * const bytes = await store.read("0b9b…");
 * ```
 */
import type { Readable } from "node:stream";
import type { Db } from "../store/database.js";

export interface FileStore {
  /** The kind written on each file's row (`database`, `disk`, `s3`), so it is read back from the same store. */
  readonly kind: string;
  /** Stores the object, replacing one with the same key. `size` is known (files pass through a temporary file first). */
  write(key: string, body: Readable, info: { size: number; contentType: string }): Promise<void>;
  /** The object's bytes, streamed; throws when it does not exist. */
  read(key: string): Promise<Readable>;
  /** Removes the objects; missing ones are no error. `db` is the caller's transaction (the database store writes there). */
  remove(keys: string[], db: Db): Promise<void>;
  close(): Promise<void>;
}

/** The key of a file's thumbnail, beside the file's own (its id). */
export const thumbnailKey = (fileId: string): string => `${fileId}.thumb`;

export interface FileStoreDriver {
  /** Whether this driver opens the given `files` URL. */
  accepts(url: string): boolean;
  open(url: string, context: { db: Db }): Promise<FileStore>;
}
