/**
 * The default file store: each object as `bytea` chunks of 64 KB in `file_chunks`, in
 * the engine's own database (PGlite or PostgreSQL). Writing and reading go a few chunks
 * at a time, so a file is never held whole in memory. Chunks travel as base64 text,
 * decoded and encoded by the database: PGlite converts `bytea` parameters and results
 * byte by byte in JavaScript, six to fifteen times slower (1 MB/s), and postgres.js is no
 * faster with them either.
 */
import { Readable } from "node:stream";
import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import type { FileStore, FileStoreDriver } from "../file-store.js";
import { fileChunks } from "../../store/schema.js";
import type { Db } from "../../store/database.js";

/**
 * 64 KB: a chunk's base64 text (87 KB) stays below V8's large-object size, so it is
 * collected as soon as it has been sent instead of piling up until a full collection.
 */
export const CHUNK_BYTES = 64 * 1024;
/** Chunks per statement: 512 KB written, 1 MB read at a time. */
const CHUNKS_PER_WRITE = 8;
const CHUNKS_PER_READ = 16;

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
      let batch: PgInsertValue<typeof fileChunks>[] = [];
      // Statements outside any transaction: other work on an embedded PGlite goes on between them.
      const flush = async () => {
        if (batch.length > 0) await db.insert(fileChunks).values(batch);
        batch = [];
      };
      for await (const chunk of rechunk(body, CHUNK_BYTES)) {
        batch.push({ key, seq: seq++, data: sql`decode(${chunk.toString("base64")}, 'base64')` });
        if (batch.length === CHUNKS_PER_WRITE) await flush();
      }
      await flush();
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
            .select({ data: sql<string>`encode(${fileChunks.data}, 'base64')` })
            .from(fileChunks)
            .where(and(eq(fileChunks.key, key), gte(fileChunks.seq, from)))
            .orderBy(asc(fileChunks.seq))
            .limit(CHUNKS_PER_READ);
          for (const row of rows) yield Buffer.from(row.data, "base64");
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
