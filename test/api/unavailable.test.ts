import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiHarness, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let token: string;

beforeAll(async () => {
  h = await createApiHarness();
  token = await h.signIn("li", ["safety-office", "process-admin"]);
});
afterAll(async () => h?.close());

test("a body over the limit is 413 and a non-JSON body 415, both as problems", async () => {
  const big = await h.call("POST", "/api/definitions/validate", {
    token,
    body: `{"a":"${"x".repeat(6 * 1024 * 1024)}"}`,
  });
  expect(big.status).toBe(413);
  expect(big.headers.get("content-type")).toContain("application/problem+json");
  // A declared length over the limit is refused from the header, before any byte is read.
  const declared = await h.call("POST", "/api/definitions/validate", {
    token,
    body: "{}",
    headers: { "Content-Length": String(6 * 1024 * 1024) },
  });
  expect(declared.status).toBe(413);
  expect(declared.headers.get("content-type")).toContain("application/problem+json");
  const text = await h.call("POST", "/api/definitions/validate", {
    token,
    body: "key=value",
    headers: { "Content-Type": "text/plain" },
  });
  expect(text.status).toBe(415);
  expect(text.headers.get("content-type")).toContain("application/problem+json");
});

test("when the database connection is lost, requests get 503 problems and /healthz says so", async () => {
  await h.engine.database.close();
  // The user behind the token may still be answered from memory (api/auth/user-cache.ts);
  // a request that needs the database is refused.
  const tasks = await h.call("GET", "/api/tasks", { token });
  expect(tasks.status).toBe(503);
  expect(tasks.headers.get("content-type")).toContain("application/problem+json");
  const login = await h.call("POST", "/api/auth/login", {
    body: { username: "li", password: "password-1" },
  });
  expect(login.status).toBe(503);
  const health = await h.call("GET", "/healthz");
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ status: "unavailable" });
});
