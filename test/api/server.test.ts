import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { envCount, startServer, type RunningServer } from "../../api/server.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { readSse } from "./sse-reader.js";

let database: TestDatabase;
let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "zhiben-server-"));
  server = await startServer({
    port: 0,
    database: database.url,
    dataDir,
    adminPassword: "admin-password-1",
    quiet: true,
    webRoot: path.join(dataDir, "no-web"),
  });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const login = async (username: string, password: string) => {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
};

test("serves on a free port: health, admin, the demo inbox, docs, the web app fallback, metrics", async () => {
  expect(server.port).toBeGreaterThan(0);
  expect(server.url).toBe(`http://localhost:${server.port}`);
  const health = await fetch(`${server.url}/healthz`);
  expect(await health.json()).toMatchObject({ status: "ok" });

  const admin = await login("admin", "admin-password-1");
  const me = await (
    await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${admin}` } })
  ).json();
  expect(me).toMatchObject({ groups: ["process-admin", "user-admin", "calendar-admin"] });
  const definitions = (await (
    await fetch(`${server.url}/api/definitions`, { headers: { Authorization: `Bearer ${admin}` } })
  ).json()) as { items: { key: string }[] };
  expect(definitions.items.map((d) => d.key)).toEqual(
    expect.arrayContaining([
      "hazard-closure",
      "rectification-escalation",
      "accident-investigation",
      "tip-off-reward",
    ]),
  );

  const office = await login("liuna", "demo1234");
  const inbox = (await (
    await fetch(`${server.url}/api/tasks`, { headers: { Authorization: `Bearer ${office}` } })
  ).json()) as { items: unknown[] };
  expect(inbox.items.length).toBeGreaterThan(0);

  const docs = await fetch(`${server.url}/api/docs`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain("/api/docs/scalar.js");
  const page = await fetch(`${server.url}/inbox`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  const missing = await fetch(`${server.url}/api/nothing-here`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  expect(missing.status).toBe(404);
  expect(missing.headers.get("content-type")).toContain("application/problem+json");

  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toMatch(
    /zhiben_http_requests_total\{method="GET",route="\/api\/tasks",status="200"\} 1/,
  );
  expect(metrics).toMatch(/zhiben_open_tasks \d+/);
  expect(metrics).toMatch(/zhiben_due_jobs \d+/);
  expect(metrics).toContain("zhiben_http_request_duration_seconds_bucket");

  expect(
    readFileSync(path.join(dataDir, "jwt-secret"), "utf8").trim().length,
  ).toBeGreaterThanOrEqual(32);
});

test("over a real connection every response carries the security headers and its request id, the docs page its CSP", async () => {
  const admin = await login("admin", "admin-password-1");
  const secured = (response: Response) => {
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  };
  const me = await fetch(`${server.url}/api/me`, {
    headers: { Authorization: `Bearer ${admin}`, "X-Request-Id": "trace-me-1" },
  });
  expect(me.status).toBe(200);
  expect(me.headers.get("content-type")).toContain("application/json");
  expect(me.headers.get("x-request-id")).toBe("trace-me-1");
  expect(me.headers.get("content-security-policy")).toBeNull();
  secured(me);
  const refused = await fetch(`${server.url}/api/me`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  secured(refused);
  const docs = await fetch(`${server.url}/api/docs`);
  expect(docs.headers.get("content-type")).toContain("text/html");
  expect(docs.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
  secured(docs);
});

test("the event stream works over a real connection and close() ends it", async () => {
  const token = await login("liuna", "demo1234");
  const response = await fetch(`${server.url}/api/stream`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const stream = readSse(response.body!);
  expect(await stream.next((e) => e.event === "ready", 2000)).not.toBeNull();
  const started = await fetch(`${server.url}/api/instances`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await login("admin", "admin-password-1")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      processKey: "hazard-closure",
      variables: {
        title: "测试隐患",
        enterpriseId: "hongda",
        enterpriseName: "红达木业有限公司",
        village: "tf01",
        industry: "工贸",
        source: "inspection",
        foundAt: "2026-11-01",
      },
    }),
  });
  expect(started.status).toBe(201);
  expect(await stream.next((e) => e.event === "task.created", 1000)).not.toBeNull();
  await server.close();
  const deadline = Date.now() + 5000;
  while (!stream.ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(stream.ended()).toBe(true);
});

test("pool size, poll interval and batch from the environment: unset is the default, nonsense stops the start", async () => {
  expect(envCount("ZHIBEN_POOL_SIZE", {})).toBeUndefined();
  expect(envCount("ZHIBEN_POOL_SIZE", { ZHIBEN_POOL_SIZE: " 25 " })).toBe(25);
  for (const bad of ["0", "-3", "2.5", "lots"])
    expect(() => envCount("ZHIBEN_POLL_MS", { ZHIBEN_POLL_MS: bad })).toThrow(
      `ZHIBEN_POLL_MS must be a whole number above 0, not "${bad}"`,
    );
  const previous = process.env.ZHIBEN_WORKER_BATCH;
  process.env.ZHIBEN_WORKER_BATCH = "none";
  try {
    await expect(
      startServer({ port: 0, database: "pglite://memory", quiet: true }),
    ).rejects.toThrow("ZHIBEN_WORKER_BATCH must be a whole number above 0");
  } finally {
    if (previous === undefined) delete process.env.ZHIBEN_WORKER_BATCH;
    else process.env.ZHIBEN_WORKER_BATCH = previous;
  }
});
