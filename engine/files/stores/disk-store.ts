/**
 * A file store in a directory on disk: `file:///var/lib/zhiben/files`. Objects are
 * spread over sub-directories by the first two characters of their key, written to a
 * temporary name and renamed, so a reader never sees half an object.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import type { FileStore, FileStoreDriver } from "../file-store.js";

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

export function diskStore(root: string): FileStore {
  const locate = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new TypeError(`not a file store key: ${JSON.stringify(key)}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    kind: "disk",
    async write(key, body: Readable) {
      const target = locate(key);
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.${randomUUID()}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, target);
      } finally {
        await rm(partial, { force: true });
      }
    },
    async read(key) {
      const file = locate(key);
      await stat(file);
      return createReadStream(file);
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(locate(key), { force: true })));
    },
    async close() {},
  };
}

export const diskStoreDriver: FileStoreDriver = {
  accepts: (url) => url.startsWith("file:"),
  async open(url) {
    const root = fileURLToPath(url);
    await mkdir(root, { recursive: true });
    return diskStore(root);
  },
};
