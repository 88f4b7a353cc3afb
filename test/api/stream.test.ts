import pino from "pino";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp } from "../../api/app.js";
import { createEngine } from "../../engine/create-engine.js";
import { onPostgres } from "../support/test-database.js";
import {
  createApiHarness,
  fixtureReport,
  json,
  JWT_SECRET,
  type ApiHarness,
} from "./api-harness.js";
import { readSse } from "./sse-reader.js";

let h: ApiHarness;
let office: string;

beforeAll(async () => {
  h = await createApiHarness();
  const admin = await h.signIn("admin", ["process-admin"]);
  office = await h.signIn("li", ["safety-office"]);
  await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
});
afterAll(async () => h?.close());

const open = async (token: string, viaQuery = false) => {
  const response = viaQuery
    ? await h.call("GET", `/api/stream?access_token=${token}`)
    : await h.call("GET", "/api/stream", { token });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const reader = readSse(response.body!);
  expect(await reader.next((e) => e.event === "ready", 2000)).not.toBeNull();
  return reader;
};

test("a client sees, within a second, the task another user's action created; other villages see nothing", async () => {
  const villageA = await open(await h.signIn("grid-a", ["village-a"]));
  const villageB = await open(await h.signIn("grid-b", ["village-b"]), true);
  try {
    const before = Date.now();
    const started = await json<{ id: string }>(
      await h.call("POST", "/api/instances", {
        token: office,
        body: {
          processKey: "fixture-report",
          variables: { title: "直播", village: "a", reporterPhone: "13900002222" },
        },
      }),
    );
    const created = await villageA.next(
      (e) => e.event === "task.created" && JSON.parse(e.data).instanceId === started.id,
      1000,
    );
    expect(created).not.toBeNull();
    expect(Date.now() - before).toBeLessThan(1500);
    expect(JSON.parse(created!.data)).toMatchObject({
      name: "核实上报",
      title: "直播",
      processKey: "fixture-report",
    });
    expect(await villageB.next((e) => e.data.includes(started.id), 700)).toBeNull();
    for (const event of [...villageA.seen, ...villageB.seen])
      expect(event.data).not.toContain("13900002222");
    expect(await villageA.next((e) => e.event === "heartbeat", 1500)).not.toBeNull();
  } finally {
    await villageA.close();
    await villageB.close();
  }
});

test("no token → 401; a disabled user's stream ends at the next heartbeat", async () => {
  expect((await h.call("GET", "/api/stream")).status).toBe(401);
  const token = await h.signIn("leaver", ["village-a"]);
  const stream = await open(token);
  await h.users.update("leaver", { disabled: true });
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && !stream.ended()) await new Promise((r) => setTimeout(r, 50));
  expect(stream.ended()).toBe(true);
  expect(stream.seen.filter((e) => e.event === "heartbeat")).toHaveLength(0);
  await stream.close();
});

test("a client of another server process on the same database sees the change too", async () => {
  // On PostgreSQL a second engine and app stand for a second process (LISTEN/NOTIFY between them).
  const otherEngine = onPostgres
    ? await createEngine({ database: h.databaseUrl, clock: h.clock })
    : h.engine;
  const other = createApp({
    engine: otherEngine,
    jwtSecret: JWT_SECRET,
    logger: pino({ level: "silent" }),
    heartbeatMs: 300,
    defaultMetrics: false,
  });
  const token = await h.signIn("grid-far", ["village-far"]);
  const response = await other.request("/api/stream", {
    headers: { Authorization: `Bearer ${token}` },
  });
  const stream = readSse(response.body!);
  try {
    expect(await stream.next((e) => e.event === "ready", 2000)).not.toBeNull();
    const started = await json<{ id: string }>(
      await h.call("POST", "/api/instances", {
        token: office,
        body: { processKey: "fixture-report", variables: { title: "远程", village: "far" } },
      }),
    );
    const seen = await stream.next(
      (e) => e.event === "task.created" && e.data.includes(started.id),
      1000,
    );
    expect(seen).not.toBeNull();
  } finally {
    await stream.close();
    await other.shutdown();
    if (otherEngine !== h.engine) await otherEngine.close();
  }
});
