/**
 * The default file store: each object as `bytea` chunks of 256 KB in `file_chunks`, in
 * the engine's own database (PGlite or PostgreSQL). Writing and reading go a few chunks
 * at a time, so a file is never held whole in memory.
 */
import { Readable } from "node:stream";
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { FileStore, FileStoreDriver } from "../file-store.js";
import { fileChunks } from "../../store/schema.js";
import type { Db } from "../../store/database.js";

export const CHUNK_BYTES = 256 * 1024;
/** Chunks per query when reading (1 MB). */
const CHUNKS_PER_READ = 4;

/** Cuts a stream into pieces of exactly `size` bytes (the last one shorter). */
async function* rechunk(body: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of body as AsyncIterable<Buffer>) {
    pending.push(piece);
    length += piece.length;
    while (length >= size) {
      const joined = Buffer.concat(pending, length);
      yield joined.subarray(0, size);
      pending = [joined.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

export function databaseStore(db: Db): FileStore {
  return {
    kind: "database",
    async write(key, body) {
      await db.delete(fileChunks).where(eq(fileChunks.key, key));
      let seq = 0;
      // One insert per chunk outside any transaction: other work on an embedded
      // PGlite goes on between them.
      for await (const chunk of rechunk(body, CHUNK_BYTES))
        await db.insert(fileChunks).values({ key, seq: seq++, data: chunk });
    },
    async read(key) {
      const [first] = await db
        .select({ seq: fileChunks.seq })
        .from(fileChunks)
        .where(eq(fileChunks.key, key))
        .limit(1);
      if (!first) throw new Error(`no object ${key} in the database file store`);
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let from = 0; ; from += CHUNKS_PER_READ) {
          const rows = await db
            .select({ data: fileChunks.data })
            .from(fileChunks)
            .where(and(eq(fileChunks.key, key), gte(fileChunks.seq, from)))
            .orderBy(asc(fileChunks.seq))
            .limit(CHUNKS_PER_READ);
          for (const row of rows) yield Buffer.from(row.data);
          if (rows.length < CHUNKS_PER_READ) return;
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },
    async remove(keys, tx) {
      if (keys.length > 0) await tx.delete(fileChunks).where(inArray(fileChunks.key, keys));
    },
    async close() {},
  };
}

export const databaseStoreDriver: FileStoreDriver = {
  accepts: (url) => url === "database" || url === "db" || url === "",
  open: async (_url, { db }) => databaseStore(db),
};
