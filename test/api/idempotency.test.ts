import pino from "pino";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp, type ZhibenApp } from "../../api/app.js";
import { createEngine } from "../../engine/create-engine.js";
import type { Engine } from "../../engine/engine.js";
import { onPostgres } from "../support/test-database.js";
import {
  createApiHarness,
  fixtureReport,
  json,
  JWT_SECRET,
  type ApiHarness,
} from "./api-harness.js";

let h: ApiHarness;
let office: string;
/** A second server process on the same database (on PostgreSQL); the same app on PGlite in memory. */
let secondEngine: Engine | null = null;
let second: ZhibenApp;

beforeAll(async () => {
  h = await createApiHarness();
  const admin = await h.signIn("admin", ["process-admin"]);
  office = await h.signIn("li", ["safety-office", "village-a"]);
  await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
  if (onPostgres) {
    secondEngine = await createEngine({ database: h.databaseUrl, clock: h.clock });
    second = createApp({
      engine: secondEngine,
      jwtSecret: JWT_SECRET,
      logger: pino({ level: "silent" }),
      defaultMetrics: false,
    });
  } else {
    second = h.app;
  }
});
afterAll(async () => {
  await secondEngine?.close();
  await h?.close();
});

const startBody = (businessKey: string) => ({
  processKey: "fixture-report",
  businessKey,
  variables: { title: "重复提交", village: "a" },
});

const count = async (businessKey: string) => {
  const list = await json<{ items: unknown[] }>(
    await h.call("GET", `/api/instances?businessKey=${businessKey}`, { token: office }),
  );
  return list.items.length;
};

test("the same key twice returns the first response and starts one instance", async () => {
  const headers = { "Idempotency-Key": "start-1" };
  const first = await h.call("POST", "/api/instances", {
    token: office,
    body: startBody("IK-1"),
    headers,
  });
  const again = await h.call("POST", "/api/instances", {
    token: office,
    body: startBody("IK-1"),
    headers,
  });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  expect(await json(again)).toEqual(await json(first));
  expect(await count("IK-1")).toBe(1);
});

test("two requests with one key at the same moment, on two server processes, apply once and answer alike", async () => {
  const headers = { "Idempotency-Key": "start-concurrent" };
  const request = (app: ZhibenApp) =>
    app.request("/api/instances", {
      method: "POST",
      headers: {
        ...headers,
        Authorization: `Bearer ${office}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(startBody("IK-2")),
    });
  const [a, b] = await Promise.all([request(h.app), request(second)]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(await a.json()).toEqual(await b.json());
  expect(await count("IK-2")).toBe(1);
});

test("a key reused with another body is refused; another user's same key is theirs", async () => {
  const headers = { "Idempotency-Key": "start-3" };
  expect(
    (await h.call("POST", "/api/instances", { token: office, body: startBody("IK-3"), headers }))
      .status,
  ).toBe(201);
  const reused = await h.call("POST", "/api/instances", {
    token: office,
    body: startBody("IK-3b"),
    headers,
  });
  expect(reused.status).toBe(422);
  expect(reused.headers.get("content-type")).toContain("application/problem+json");
  const other = await h.signIn("wang", ["safety-office"]);
  expect(
    (await h.call("POST", "/api/instances", { token: other, body: startBody("IK-3c"), headers }))
      .status,
  ).toBe(201);
  expect(await count("IK-3b")).toBe(0);
  expect(await count("IK-3c")).toBe(1);
  const bad = await h.call("POST", "/api/instances", {
    token: office,
    body: startBody("IK-4"),
    headers: { "Idempotency-Key": "bad key with spaces" },
  });
  expect(bad.status).toBe(400);
});

test("completing a task twice with one key answers 200 both times", async () => {
  const started = await json<{ id: string }>(
    await h.call("POST", "/api/instances", { token: office, body: startBody("IK-5") }),
  );
  const detail = await json<{ tasks: { id: string }[] }>(
    await h.call("GET", `/api/instances/${started.id}`, { token: office }),
  );
  const path = `/api/tasks/${detail.tasks[0]!.id}/complete`;
  const body = { outcome: "VERIFIED", data: { note: "属实" } };
  const headers = { "Idempotency-Key": "complete-1" };
  const first = await h.call("POST", path, { token: office, body, headers });
  const again = await h.call("POST", path, { token: office, body, headers });
  expect([first.status, again.status]).toEqual([200, 200]);
  expect(await json(again)).toEqual(await json(first));
  const withoutKey = await h.call("POST", path, { token: office, body });
  expect(withoutKey.status).toBe(409);
});
