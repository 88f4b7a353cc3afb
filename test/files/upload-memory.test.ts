/**
 * A 20 MB upload streams through the server: multipart parsing, the size count, the
 * temporary file and the store never hold the file whole. Measured as the peak resident
 * memory (Linux's VmHWM, reset before each step) of a server process while this test
 * sends the file, produced in 64 KB pieces as it goes, and while it downloads it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";
import { largePdfStream } from "../support/test-files.js";

const FILE_BYTES = 20 * 1024 * 1024;
/** Growth allowed while 20 MB pass through: pieces in flight and garbage not yet collected. */
const ALLOWED_GROWTH = 10 * 1024 * 1024;
const ADMIN_PASSWORD = "rss-admin-password-1";
const GARBAGE_COLLECTOR = new URL("./collect-garbage-often.mjs", import.meta.url).href;

let database: TestDatabase | null = null;
let child: ChildProcess;
let base: string;
let token: string;
const dataDir = mkdtempSync(path.join(tmpdir(), "zhiben-rss-"));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  database = onPostgres ? await createTestDatabase() : null;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The server as deployed (api/main.ts), in a process of its own whose memory is measured,
  // on PGlite or PostgreSQL; the bytes go to a disk store, so that memory is all of Node's.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    ZHIBEN_ROLE: "api",
    ZHIBEN_SEED: "0",
    ZHIBEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ZHIBEN_JWT_SECRET: "rss-test-secret-rss-test-secret-0123456789",
    ZHIBEN_DATA_DIR: dataDir,
    ZHIBEN_FILE_MAX_MB: "30",
    ZHIBEN_FILES: pathToFileURL(path.join(dataDir, "files")).href,
    LOG_LEVEL: "warn",
    // What the peak then measures is what the server holds, not garbage not yet collected:
    // young garbage goes every 10 ms, and glibc maps every block of 64 KB or more on its
    // own and unmaps it when freed, instead of keeping it in a pool that RSS would count.
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import=${GARBAGE_COLLECTOR}`.trim(),
    MALLOC_MMAP_THRESHOLD_: "65536",
  };
  if (database) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;
  child = spawn(process.execPath, ["--import", "tsx", "api/main.ts"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const deadline = Date.now() + 90_000; ;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const healthy = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error("the server did not start in 90 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  token = ((await login.json()) as { token: string }).token;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The server's resident memory now, and its peak since the last `resetPeak` (Linux /proc). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Runs `work` and returns by how much the server's peak RSS rose over its RSS at the start. */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  writeFileSync(`/proc/${child.pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
  const start = memory().rss;
  await work();
  return memory().peak - start;
}

/** A multipart body around a streamed file, itself streamed; hashes what it sends. */
function multipartStream(size: number, hash: ReturnType<typeof createHash>): ReadableStream {
  const boundary = "zhiben-rss-boundary";
  const file = largePdfStream(size);
  async function* parts() {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="大文件.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n`,
    );
    for await (const chunk of file as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return Readable.toWeb(Readable.from(parts())) as ReadableStream;
}

async function upload(size: number, hash = createHash("sha256")) {
  const response = await fetch(`${base}/api/files`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "multipart/form-data; boundary=zhiben-rss-boundary",
    },
    body: multipartStream(size, hash),
    duplex: "half",
  } as RequestInit);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; size: number };
}

describe("a 20 MB file", () => {
  it("uploads and downloads with the server's memory growing by far less than the file", async () => {
    // Warm up: every module and code path of an upload and a download loaded once.
    for (let i = 0; i < 3; i++) {
      const warm = await upload(2 * 1024 * 1024);
      const read = await fetch(`${base}/api/files/${warm.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await read.arrayBuffer();
    }

    const sent = createHash("sha256");
    let stored = { id: "", size: 0 };
    const uploadGrowth = await peakGrowth(async () => {
      stored = await upload(FILE_BYTES, sent);
    });
    expect(stored.size).toBe(FILE_BYTES);

    const received = createHash("sha256");
    let length = 0;
    const downloadGrowth = await peakGrowth(async () => {
      const response = await fetch(`${base}/api/files/${stored.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.headers.get("content-length")).toBe(String(FILE_BYTES));
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        received.update(chunk);
        length += chunk.length;
      }
    });
    expect(length).toBe(FILE_BYTES);
    expect(received.digest("hex")).toBe(sent.digest("hex"));
    console.info(
      `RSS growth for ${FILE_BYTES / 1048576} MB: upload ${(uploadGrowth / 1048576).toFixed(1)} MB, download ${(downloadGrowth / 1048576).toFixed(1)} MB`,
    );
    expect(uploadGrowth).toBeLessThan(ALLOWED_GROWTH);
    expect(downloadGrowth).toBeLessThan(ALLOWED_GROWTH);
  });
});
