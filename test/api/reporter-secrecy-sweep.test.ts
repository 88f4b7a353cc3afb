/**
 * Issue 11: the tip-off reporter's name and phone never appear in a response
 * body for anyone outside `safety-office`, nor in any log line for anyone. A
 * sweep: every GET route of the OpenAPI document, with its path parameters
 * filled from a real tip-off (its id, its tasks, its key), called as several
 * users; then the raw-event, claim and completion routes with data that is
 * refused. Every body, and every line the server logged, is searched.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp, type ZhibenApp } from "../../api/app.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { createApiHarness, json, JWT_SECRET, type ApiHarness } from "./api-harness.js";

const REPORTER_NAME = "秘密举报人张三丰";
const REPORTER_PHONE = "13512348765";

let h: ApiHarness;
let app: ZhibenApp;
const logLines: string[] = [];
let tipOffId: string;
let taskIds: string[] = [];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await createApiHarness({ start: "2025-03-03T09:00:00+08:00" });
  await loadProcesses(h.engine);
  app = createApp({
    engine: h.engine,
    jwtSecret: JWT_SECRET,
    logger: pino(
      { level: "debug" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    ),
    defaultMetrics: false,
    webRoot: "/nonexistent-web-root",
  });
  const users: Record<string, string[]> = {
    office: ["safety-office"],
    enforcement: ["law-enforcement"],
    hotline: ["integration"],
    village: ["village-tf01"],
    enterprise: ["enterprise-hongda"],
    leader: ["township-leader"],
    admin: ["process-admin"],
  };
  for (const [name, groups] of Object.entries(users)) {
    tokens[name] = await h.signIn(`${name}-sweep`, groups);
  }
  const started = await call("hotline", "POST", "/api/instances", {
    processKey: "tip-off-reward",
    variables: {
      content: "某厂夜间违规动火作业",
      channel: "12350",
      reporterName: REPORTER_NAME,
      reporterPhone: REPORTER_PHONE,
    },
  });
  expect(started.status).toBe(201);
  tipOffId = (await json<{ id: string }>(started)).id;
  const detail = await json<{ tasks: { id: string }[] }>(
    await call("office", "GET", `/api/instances/${tipOffId}`),
  );
  const accepted = await call("office", "POST", `/api/tasks/${detail.tasks[0]!.id}/complete`, {
    outcome: "ACCEPT",
    data: { acceptNote: "受理" },
  });
  expect(accepted.status).toBe(200);
  const tasks = await json<{ items: { id: string; instanceId: string }[] }>(
    await call("office", "GET", "/api/tasks"),
  );
  taskIds = tasks.items.filter((t) => t.instanceId === tipOffId).map((t) => t.id);
  taskIds.push(detail.tasks[0]!.id);
});
afterAll(async () => h?.close());

function call(user: string, method: string, path: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${tokens[user]}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

const secret = (text: string) => text.includes(REPORTER_NAME) || text.includes(REPORTER_PHONE);

test("no GET route shows the reporter to anyone outside the safety office", async () => {
  const document = await json<{ paths: Record<string, Record<string, unknown>> }>(
    await call("admin", "GET", "/api/openapi.json"),
  );
  const paths = Object.entries(document.paths)
    .filter(([, operations]) => "get" in operations)
    .map(([path]) => path)
    .filter((path) => !path.includes("/stream"));
  const filled = paths.flatMap((path) => {
    const ids = path.startsWith("/api/tasks/") ? taskIds : [tipOffId];
    return ids.map((id) =>
      path
        .replace("{id}", id)
        .replace("{key}", "tip-off-reward")
        .replace("{year}", "2025")
        .replace(/\{[^}]+\}/g, "x"),
    );
  });
  const withQueries = [
    ...filled,
    "/api/instances?processKey=tip-off-reward",
    "/api/tasks?status=completed",
    "/api/tasks?processKey=tip-off-reward",
  ];
  expect(withQueries.length).toBeGreaterThan(15);
  const leaks: string[] = [];
  let officeSaw = false;
  for (const user of Object.keys(tokens)) {
    for (const path of withQueries) {
      const response = await call(user, "GET", path);
      const text = Buffer.from(await response.arrayBuffer()).toString("utf8");
      if (user === "office") officeSaw ||= secret(text);
      else if (secret(text)) leaks.push(`${user} GET ${path} → ${response.status}`);
    }
  }
  expect(leaks).toEqual([]);
  // The sweep reaches the reporter where it should: the office sees it.
  expect(officeSaw).toBe(true);
});

test("refused changes say nothing of the reporter either", async () => {
  const attempts: [string, string, unknown][] = [
    [`/api/instances/${tipOffId}/events`, "POST", { type: "UNFOUNDED", data: { x: "\u0000" } }],
    [`/api/instances/${tipOffId}/events`, "POST", { type: "UNFOUNDED", data: { injected: 1 } }],
    [`/api/instances/${tipOffId}/events`, "POST", { type: "NOPE" }],
    ...taskIds.flatMap((id): [string, string, unknown][] => [
      [`/api/tasks/${id}/claim`, "POST", undefined],
      [`/api/tasks/${id}/complete`, "POST", { outcome: "UNFOUNDED", data: { foo: 1 } }],
      [`/api/tasks/${id}/delegate`, "POST", { userId: "enterprise-sweep" }],
    ]),
  ];
  const leaks: string[] = [];
  for (const user of Object.keys(tokens).filter((u) => u !== "office")) {
    for (const [path, method, body] of attempts) {
      const response = await call(user, method, path, body);
      const text = await response.text();
      expect(response.status, `${user} ${path}`).not.toBe(500);
      if (secret(text)) leaks.push(`${user} ${method} ${path} → ${response.status}`);
    }
  }
  expect(leaks).toEqual([]);
});

test("no log line holds the reporter's name or phone", () => {
  expect(logLines.length).toBeGreaterThan(50);
  expect(logLines.filter(secret)).toEqual([]);
});
