/**
 * The engine's attachment settings: where bytes go, how large an upload may be, how long
 * an upload no instance references is kept. From the `files` option of `createEngine`,
 * else `ZHIBEN_FILES` and `ZHIBEN_FILE_MAX_MB`.
 *
 * @example
 * ```ts
 * const settings = await openFileSettings({ store: "file:///srv/files", maxBytes: 10e6 }, db);
 * ```
 */
import type { Db } from "../store/database.js";
import type { FileStore } from "./file-store.js";
import { openFileStore } from "./open-file-store.js";
import { databaseStore } from "./stores/database-store.js";

export interface FileOptions {
  /** `database` (default), `file:///a/dir` or `s3://bucket?endpoint=…`; default `ZHIBEN_FILES`. */
  store?: string;
  /** The largest upload in bytes; default `ZHIBEN_FILE_MAX_MB` megabytes, else 25 MB. */
  maxBytes?: number;
  /** How long an upload no instance references is kept, in ms (default one day). */
  keepUnreferencedMs?: number;
}

export interface FileSettings {
  /** Where new uploads go. */
  store: FileStore;
  /** Stores by kind, to read files written before a change of store (the database one is always there). */
  stores: Map<string, FileStore>;
  maxBytes: number;
  keepUnreferencedMs: number;
}

export const DEFAULT_MAX_FILE_MB = 25;
const DAY_MS = 86_400_000;

/** `ZHIBEN_FILE_MAX_MB` as bytes; throws `TypeError` on a value that is not a positive number. */
export function maxBytesFromEnv(value = process.env.ZHIBEN_FILE_MAX_MB): number {
  const text = value?.trim();
  if (!text) return DEFAULT_MAX_FILE_MB * 1024 * 1024;
  const megabytes = Number(text);
  if (!Number.isFinite(megabytes) || megabytes <= 0)
    throw new TypeError(
      `ZHIBEN_FILE_MAX_MB must be a number of megabytes, not ${JSON.stringify(value)}`,
    );
  return Math.round(megabytes * 1024 * 1024);
}

export async function openFileSettings(options: FileOptions = {}, db: Db): Promise<FileSettings> {
  const maxBytes = options.maxBytes ?? maxBytesFromEnv();
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    throw new TypeError(`files.maxBytes must be a whole number above 0, not ${maxBytes}`);
  const store = await openFileStore(options.store ?? process.env.ZHIBEN_FILES, { db });
  const stores = new Map<string, FileStore>([["database", databaseStore(db)]]);
  stores.set(store.kind, store);
  return { store, stores, maxBytes, keepUnreferencedMs: options.keepUnreferencedMs ?? DAY_MS };
}
