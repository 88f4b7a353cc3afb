/**
 * Regression (issue 11, finding 3): a database error's problem echoed the
 * driver's "Failed query: … params: …", which held an instance's variables
 * (the reporter's name and phone) or a user row's password hash. Now input
 * PostgreSQL cannot store is refused at the edge with a field error, and any
 * driver error becomes a problem with a stable code, a short Chinese message and
 * a correlation id; the log gets the statement without its parameters.
 */
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, type ZhibenApp } from "../../api/app.js";
import {
  createApiHarness,
  fixtureReport,
  json,
  JWT_SECRET,
  type ApiHarness,
} from "./api-harness.js";

const REPORTER_PHONE = "13912345678";

let h: ApiHarness;
let app: ZhibenApp;
const logLines: string[] = [];
let admin: string;
let hotline: string;
let instanceId: string;

/** The harness's engine behind an app whose log is kept, with one route that hits a real driver error. */
function loggedApp(): ZhibenApp {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const logged = createApp({
    engine: h.engine,
    jwtSecret: JWT_SECRET,
    logger: pino({ level: "info" }, stream),
    defaultMetrics: false,
    webRoot: "/nonexistent-web-root",
  });
  // A statement PostgreSQL refuses (22021), with a protected value among its parameters.
  logged.get("/api/test-driver-error", async () => {
    await h.engine.database.db.execute(sql`select ${`${REPORTER_PHONE}\u0000`}::text as x`);
    return new Response("unreachable");
  });
  logged.get("/api/test-out-of-range", async () => {
    await h.engine.database.db.execute(sql`select ${REPORTER_PHONE}::int as x`);
    return new Response("unreachable");
  });
  return logged;
}

beforeAll(async () => {
  h = await createApiHarness();
  app = loggedApp();
  admin = await h.signIn("admin-errors", ["process-admin"]);
  hotline = await h.signIn("hotline-errors", ["integration"]);
  const office = await h.signIn("office-errors", ["safety-office"]);
  expect(
    (await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport })).status,
  ).toBeLessThan(300);
  const started = await h.call("POST", "/api/instances", {
    token: office,
    body: {
      processKey: "fixture-report",
      variables: { title: "举报", village: "v1", reporterPhone: REPORTER_PHONE },
    },
  });
  instanceId = (await json<{ id: string }>(started)).id;
});
afterAll(async () => h?.close());

type ProblemBody = {
  status: number;
  code?: string;
  detail: string;
  correlationId?: string;
  errors?: { path: string; message: string }[];
};

describe("input PostgreSQL cannot store is refused at the edge", () => {
  test("login with a NUL in the username: 400 naming the field, no SQL", async () => {
    const response = await h.call("POST", "/api/auth/login", {
      body: { username: "adm\u0000in", password: "x" },
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/select|password_hash|params/i);
    expect(JSON.parse(text)).toMatchObject({
      code: "VALIDATION",
      errors: [{ path: "body.username", message: "不能包含空字符（U+0000）" }],
    });
  });

  test("an event with a NUL in its data: 400 naming the field, nothing of the instance", async () => {
    const response = await h.call("POST", `/api/instances/${instanceId}/events`, {
      token: hotline,
      body: { type: "VERIFIED", data: { unfoundedReason: "x\u0000" } },
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toContain(REPORTER_PHONE);
    expect(JSON.parse(text)).toMatchObject({
      errors: [{ path: "body.data.unfoundedReason", message: "不能包含空字符（U+0000）" }],
    });
  });

  test("lone surrogates in values or keys, and NUL in a query parameter, are refused too", async () => {
    const start = await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "fixture-report", variables: { title: "a\ud800b", village: "v1" } },
    });
    expect(start.status).toBe(400);
    expect(await json<ProblemBody>(start)).toMatchObject({
      errors: [{ path: "body.variables.title", message: expect.stringContaining("代理项") }],
    });
    const key = await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "fixture-report", variables: { title: "t", village: "v", "\udc00": 1 } },
    });
    expect(key.status).toBe(400);
    const query = await h.call("GET", "/api/instances?businessKey=a%00b", { token: admin });
    expect(query.status).toBe(400);
    expect(await json<ProblemBody>(query)).toMatchObject({
      errors: [{ path: "query.businessKey" }],
    });
  });

  test("JSON nested 10,000 deep is a 400, not a 500", async () => {
    const deep = `{"processKey":"fixture-report","variables":{"title":"t","village":"v","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`;
    const response = await h.call("POST", "/api/instances", { token: admin, body: deep });
    expect(response.status).toBe(400);
    expect(await json<ProblemBody>(response)).toMatchObject({
      errors: [{ path: "body", message: "JSON 嵌套不能超过 64 层" }],
    });
  });
});

describe("a driver error's problem and log carry no data", () => {
  test("22021 from the driver: 400 with a stable code and a correlation id; the log has the statement only", async () => {
    logLines.length = 0;
    const response = await app.request("/api/test-driver-error", {
      headers: { Authorization: `Bearer ${admin}`, "X-Request-Id": "corr-22021" },
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toContain(REPORTER_PHONE);
    expect(text).not.toMatch(/select|params/i);
    expect(JSON.parse(text)).toMatchObject({
      code: "INVALID_VALUE",
      detail: "请求中的值无法保存（超出范围或格式不正确）",
      correlationId: "corr-22021",
    });
    const logged = logLines.join("");
    expect(logged).toContain("corr-22021");
    expect(logged).toContain("select $1::text as x");
    expect(logged).toContain("22021");
    expect(logged).not.toContain(REPORTER_PHONE);
  });

  test("a driver message quoting the value (22003) is logged with the quote blanked", async () => {
    logLines.length = 0;
    const response = await app.request("/api/test-out-of-range", {
      headers: { Authorization: `Bearer ${admin}` },
    });
    const body = JSON.parse(await response.text()) as ProblemBody;
    expect(body).toMatchObject({ status: 400, code: "INVALID_VALUE" });
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain(REPORTER_PHONE);
    const logged = logLines.join("");
    expect(logged).toContain("out of range");
    expect(logged).not.toContain(REPORTER_PHONE);
  });
});
