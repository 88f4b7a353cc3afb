/**
 * Regression (issue 11, finding 8): no Content-Security-Policy; logout did not
 * revoke the token; `/metrics` was public; 300 event streams for one user were
 * accepted; a variable nested 10,000 deep gave a 500 (see errors-carry-no-data);
 * claim/unclaim of a task the caller could not read said who held it; and a
 * task could be delegated to anyone, even a user who could never see the case.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../../api/app.js";
import { STRICT_CSP } from "../../api/content-security-policy.js";
import { MAX_STREAMS_PER_USER } from "../../api/routes/stream-routes.js";
import {
  createApiHarness,
  fixtureReport,
  json,
  JWT_SECRET,
  type ApiHarness,
} from "./api-harness.js";

let h: ApiHarness;
let webRoot: string;
let admin: string;
let office: string;
let villageA: string;
let villageB: string;

beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), "zb-web-"));
  writeFileSync(
    path.join(webRoot, "index.html"),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  h = await createApiHarness({ webRoot });
  admin = await h.signIn("admin-web", ["process-admin"]);
  office = await h.signIn("office-web", ["safety-office"]);
  villageA = await h.signIn("village-a-web", ["village-a"]);
  villageB = await h.signIn("village-b-web", ["village-b"]);
  expect(
    (await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport })).status,
  ).toBeLessThan(300);
});
afterAll(async () => {
  await h?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

async function startReport(village: string): Promise<{ id: string; taskId: string }> {
  const started = await h.call("POST", "/api/instances", {
    token: office,
    body: { processKey: "fixture-report", variables: { title: "隐患", village } },
  });
  const { id } = await json<{ id: string }>(started);
  const detail = await json<{ tasks: { id: string }[] }>(
    await h.call("GET", `/api/instances/${id}`, { token: office }),
  );
  return { id, taskId: detail.tasks[0]!.id };
}

describe("web hardening", () => {
  test("HTML pages carry a strict CSP: this origin's scripts only, no inline script", async () => {
    const page = await h.call("GET", "/inbox");
    expect(page.status).toBe(200);
    const csp = page.headers.get("Content-Security-Policy");
    expect(csp).toBe(STRICT_CSP);
    expect(csp).toContain("script-src 'self' 'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("frame-src 'self'");
  });

  test("logout revokes the token at once", async () => {
    const token = await h.signIn("leaving-web", ["safety-office"]);
    expect((await h.call("GET", "/api/tasks", { token })).status).toBe(200);
    const out = await h.call("POST", "/api/auth/logout", { token });
    expect(out.status).toBe(204);
    expect((await h.call("GET", "/api/tasks", { token })).status).toBe(401);
  });

  test("/metrics needs the metrics token when one is set, else a request from this machine", async () => {
    const app = createApp({
      engine: h.engine,
      jwtSecret: JWT_SECRET,
      logger: pino({ level: "silent" }),
      defaultMetrics: false,
      webRoot,
      metricsToken: "scrape-secret-1",
    });
    expect((await app.request("/metrics")).status).toBe(401);
    const wrong = await app.request("/metrics", {
      headers: { Authorization: "Bearer scrape-secret-2" },
    });
    expect(wrong.status).toBe(401);
    const right = await app.request("/metrics", {
      headers: { Authorization: "Bearer scrape-secret-1" },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("zhiben_open_tasks");
    const open = createApp({
      engine: h.engine,
      jwtSecret: JWT_SECRET,
      logger: pino({ level: "silent" }),
      defaultMetrics: false,
      webRoot,
      trustProxy: true,
    });
    const remote = await open.request("/metrics", {
      headers: { "X-Forwarded-For": "203.0.113.5" },
    });
    expect(remote.status).toBe(401);
  });

  test(`at most ${MAX_STREAMS_PER_USER} event streams per user`, async () => {
    const token = await h.signIn("streaming-web", ["safety-office"]);
    const controllers: AbortController[] = [];
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_STREAMS_PER_USER; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await h.app.request("/api/stream", {
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      statuses.push(response.status);
      if (response.status === 200) {
        // The first event ("ready") comes once the stream has joined.
        await response.body!.getReader().read();
      } else await response.arrayBuffer();
    }
    expect(statuses.slice(0, MAX_STREAMS_PER_USER).every((s) => s === 200)).toBe(true);
    expect(statuses[MAX_STREAMS_PER_USER]).toBe(429);
    for (const controller of controllers) controller.abort();
  });

  test("claim, unclaim, delegate and complete of a task the caller cannot read answer 404", async () => {
    const { taskId } = await startReport("a");
    expect((await h.call("POST", `/api/tasks/${taskId}/claim`, { token: villageA })).status).toBe(
      200,
    );
    const attempts: [string, unknown][] = [
      ["claim", undefined],
      ["unclaim", undefined],
      ["delegate", { userId: "village-b-web" }],
      ["complete", { outcome: "VERIFIED", data: { note: "x" } }],
    ];
    for (const [action, body] of attempts) {
      const response = await h.call("POST", `/api/tasks/${taskId}/${action}`, {
        token: villageB,
        ...(body ? { body } : {}),
      });
      const text = await response.text();
      expect(response.status, action).toBe(404);
      expect(text).not.toContain("village-a-web");
    }
  });

  test("a task is delegated only to a user who may see the case", async () => {
    const { taskId } = await startReport("a");
    const refused = await h.call("POST", `/api/tasks/${taskId}/delegate`, {
      token: villageA,
      body: { userId: "village-b-web" },
    });
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({
      errors: [{ path: "body.userId", message: expect.stringContaining("无权查看") }],
    });
    const allowed = await h.call("POST", `/api/tasks/${taskId}/delegate`, {
      token: villageA,
      body: { userId: "office-web" },
    });
    expect(allowed.status).toBe(200);
  });
});
