/**
 * The three file stores behind one interface, each with the same checks: an object written
 * from a stream reads back byte for byte (a multi-chunk one too), is replaced by a second
 * write, and is gone after `remove` (removing a missing one is no error). The S3 store runs
 * against s3rver, an S3-compatible server started here on a loopback port.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileStore } from "../../engine/files/file-store.js";
import { openFileStore } from "../../engine/files/open-file-store.js";
import { openDatabase } from "../../engine/store/open-database.js";
import type { Database } from "../../engine/store/database.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { startS3TestServer, type S3TestServer } from "../support/s3-test-server.js";

let testDatabase: TestDatabase;
let database: Database;
let s3: S3TestServer;
const diskRoot = mkdtempSync(path.join(tmpdir(), "zhiben-disk-store-"));

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await openDatabase(testDatabase.url);
  await database.migrate();
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
  await s3?.close();
  rmSync(diskRoot, { recursive: true, force: true });
});

const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const stores: [string, () => string][] = [
  ["database", () => "database"],
  ["disk", () => pathToFileURL(diskRoot).href],
  ["s3", () => s3.url],
];

describe.each(stores)("the %s store", (kind, url) => {
  let store: FileStore;
  beforeAll(async () => {
    store = await openFileStore(url(), { db: database.db });
  });
  afterAll(async () => store?.close());

  it("writes from a stream and reads back the same bytes, over many chunks", async () => {
    expect(store.kind).toBe(kind);
    const bytes = randomBytes(1024 * 1024 + 12_345);
    const pieces = Array.from({ length: 17 }, (_, i) =>
      bytes.subarray(i * 63_000, (i + 1) * 63_000),
    );
    await store.write("a1b2c3", Readable.from(pieces.filter((p) => p.length > 0)), {
      size: bytes.length,
      contentType: "application/pdf",
    });
    const read = await buffer(await store.read("a1b2c3"));
    expect(read.length).toBe(bytes.length);
    expect(digest(read)).toBe(digest(bytes));
  });

  it("replaces an object written twice, and removes it", async () => {
    await store.write("a1b2c3.thumb", Readable.from([Buffer.from("first version")]), {
      size: 13,
      contentType: "image/webp",
    });
    await store.write("a1b2c3.thumb", Readable.from([Buffer.from("second")]), {
      size: 6,
      contentType: "image/webp",
    });
    expect((await buffer(await store.read("a1b2c3.thumb"))).toString()).toBe("second");
    await store.remove(["a1b2c3", "a1b2c3.thumb", "never-written"], database.db);
    await expect(store.read("a1b2c3")).rejects.toThrow();
    await expect(store.read("a1b2c3.thumb")).rejects.toThrow();
  });
});

describe("files URLs", () => {
  it("refuses one of no known kind", async () => {
    await expect(openFileStore("ftp://files.example/x", { db: database.db })).rejects.toThrow(
      /unknown files URL/,
    );
  });
});
