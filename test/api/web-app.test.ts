import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let webRoot: string;

beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), "zhiben-web-"));
  mkdirSync(path.join(webRoot, "assets"));
  writeFileSync(
    path.join(webRoot, "index.html"),
    "<!doctype html><title>治本</title><div id=root></div>",
  );
  writeFileSync(path.join(webRoot, "assets", "app-1234.js"), "console.log('app')");
  h = await createApiHarness({ webRoot });
});
afterAll(async () => {
  await h?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

test("the web app: files as they are, index.html for the app's routes, API paths stay API", async () => {
  const script = await h.call("GET", "/assets/app-1234.js");
  expect(script.headers.get("x-content-type-options")).toBe("nosniff");
  expect(script.status).toBe(200);
  expect(script.headers.get("content-type")).toContain("javascript");
  expect(script.headers.get("cache-control")).toContain("immutable");
  for (const route of ["/", "/inbox", "/tasks/abc", "/designer/hazard-closure", "/dashboard"]) {
    const page = await h.call("GET", route);
    expect(page.status, route).toBe(200);
    expect(await page.text()).toContain("<div id=root>");
  }
  expect((await h.call("GET", "/assets/missing.js")).status).toBe(404);
  expect((await h.call("GET", "/..%2f..%2fetc%2fpasswd")).status).not.toBe(500);
  expect(await (await h.call("GET", "/%2e%2e/%2e%2e/etc/passwd")).text()).not.toContain("root:");
  const api = await h.call("GET", "/api/unknown");
  expect(api.status).toBe(401);
  expect(api.headers.get("content-type")).toContain("application/problem+json");
  expect((await h.call("POST", "/dashboard")).status).toBe(404);
});

test("every response carries a request id; a sane given one is kept", async () => {
  const given = await h.call("GET", "/healthz", { headers: { "X-Request-Id": "trace-123" } });
  expect(given.headers.get("x-request-id")).toBe("trace-123");
  const generated = await h.call("GET", "/api/me");
  expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  const hostile = await h.call("GET", "/healthz", {
    headers: { "X-Request-Id": "bad id\twith tab" },
  });
  expect(hostile.headers.get("x-request-id")).not.toContain("bad id");
});

test("the instance list pages with a cursor", async () => {
  const admin = await h.signIn("admin", ["process-admin"]);
  await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
  for (let i = 0; i < 3; i++) {
    h.clock.advance(1000);
    await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "fixture-report", variables: { title: `第${i}条`, village: "a" } },
    });
  }
  const first = await json<{ items: { id: string }[]; nextCursor: string }>(
    await h.call("GET", "/api/instances?limit=2", { token: admin }),
  );
  expect(first.items).toHaveLength(2);
  const second = await json<{ items: { id: string }[]; nextCursor: string | null }>(
    await h.call("GET", `/api/instances?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, {
      token: admin,
    }),
  );
  expect(second.items).toHaveLength(1);
  expect(second.nextCursor).toBeNull();
  const ids = [...first.items, ...second.items].map((i) => i.id);
  expect(new Set(ids).size).toBe(3);
});
