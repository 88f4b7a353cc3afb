import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSafetyDomain } from "../../processes/safety-domain.js";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let h: ApiHarness;
let token: string;
let document: Document;
let knownIds: string[];

beforeAll(async () => {
  // With the domain plugin, so that its routes are documented and fuzzed like the rest.
  h = await createApiHarness({ tokenTtlSeconds: 30 * 86400, plugins: [createSafetyDomain()] });
  token = await h.signIn("fuzzer", [
    "process-admin",
    "user-admin",
    "integration",
    "safety-office",
    "village-a",
    "directory-admin",
  ]);
  await h.call("POST", "/api/definitions", { token, body: fixtureReport });
  const started = await json<{ id: string }>(
    await h.call("POST", "/api/instances", {
      token,
      body: { processKey: "fixture-report", variables: { title: "t", village: "a" } },
    }),
  );
  const detail = await json<{ tasks: { id: string }[] }>(
    await h.call("GET", `/api/instances/${started.id}`, { token }),
  );
  knownIds = [started.id, detail.tasks[0]!.id];
  document = await json<Document>(await h.call("GET", "/api/openapi.json"));
});
afterAll(async () => h?.close());

describe("the OpenAPI document", () => {
  test("is valid OpenAPI 3.1", async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("lists every route the app serves, each with responses", () => {
    const served = h.app.routes
      .filter((r) => r.method !== "ALL" && !r.path.endsWith("*"))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(new Set(served)).toEqual(new Set(documented));
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as { responses?: object }[]) {
        expect(Object.keys(operation.responses ?? {}).length).toBeGreaterThan(0);
      }
    }
  });

  test("the docs page loads its script from this server, not a CDN", async () => {
    const page = await (await h.call("GET", "/api/docs")).text();
    expect(page).toContain("/api/docs/scalar.js");
    expect(page).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)\./);
    const script = await h.call("GET", "/api/docs/scalar.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
  });
});

// Strings that have broken servers before: SQL, path tricks, huge, control characters, unicode.
const nastyString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "' OR 1=1 --",
    "'; drop table instances; --",
    "../../etc/passwd",
    "%00",
    "\u0000",
    "null",
    "true",
    "-1",
    "1e309",
    "NaN",
    "9999999999999999999999",
    "2024-02-31",
    "00000000-0000-4000-8000-000000000000",
    "village-a",
    "hazard-closure",
    "fixture-report",
    "x".repeat(10_000),
    "隐患\u202e",
  ),
);

describe("no input gets a 500", () => {
  test("random path parameters, query strings and JSON bodies on every route", async () => {
    const operations = Object.entries(document.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      // The event stream stays open by design; it gets its own tests. Logout would end the
      // token every later request uses (auth tests cover it).
      .filter((o) => o.path !== "/api/stream" && o.path !== "/api/auth/logout");
    const idLike = fc.oneof(nastyString, fc.constantFrom(...knownIds), fc.uuid());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.dictionary(fc.string({ maxLength: 12 }), nastyString, { maxKeys: 4 }),
        fc.array(nastyString, { maxLength: 4 }),
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom(
              "processKey",
              "variables",
              "type",
              "data",
              "outcome",
              "definition",
              "username",
              "password",
              "groups",
              "reason",
              "userId",
              "key",
              "name",
              "states",
              "initial",
            ),
            fc.jsonValue(),
          ),
        ),
        idLike,
        fc.boolean(),
        async ({ path, method, op }, junkQuery, paramValues, body, id, withToken) => {
          const url = path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(id));
          const query = new URLSearchParams();
          for (const [key, value] of Object.entries(junkQuery)) query.append(key, value);
          const declared = (op.parameters ?? []).filter((p) => p.in === "query");
          declared.forEach((p, i) => {
            const value = paramValues[i];
            if (value !== undefined) query.append(p.name, value);
          });
          const response = await h.call(method.toUpperCase(), `${url}?${query}`, {
            ...(withToken ? { token } : {}),
            ...(op.requestBody || method !== "get" ? { body } : {}),
          });
          expect(response.status, `${method} ${url}`).not.toBe(500);
          if (response.status >= 400 && path !== "/healthz") {
            expect(response.headers.get("content-type")).toContain("application/problem+json");
            const problem = await json<{ status: number; title: string; type: string }>(response);
            expect(problem.status).toBe(response.status);
          } else {
            await response.arrayBuffer();
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 180_000);

  test("well-formed requests with random contents reach the engine and still never get a 500", async () => {
    const mutatedDefinition = fc
      .record({
        path: fc.constantFrom(
          "initial",
          "states.verify.task",
          "states.verify.on.VERIFIED",
          "states.review",
          "visibility",
          "protectedVars",
          "variables",
          "states.verify.after",
          "states.verify.task.due",
          "states.verify.task.form",
        ),
        value: fc.jsonValue(),
      })
      .map(({ path, value }) => {
        const copy = structuredClone(fixtureReport) as Record<string, unknown>;
        const keys = path.split(".");
        let node = copy;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[keys.at(-1)!] = value;
        return copy;
      });
    const request = fc.oneof(
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/instances"),
        body: fc.record({
          processKey: fc.constant("fixture-report"),
          variables: fc.dictionary(
            fc.constantFrom("title", "village", "reporterPhone", "x"),
            fc.jsonValue(),
          ),
        }),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant(`/api/tasks/${knownIds[1]}/complete`),
        body: fc.record({
          outcome: fc.constantFrom("VERIFIED", "REJECT", "APPROVE", "X"),
          data: fc.dictionary(fc.constantFrom("note", "x"), fc.jsonValue()),
        }),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant(`/api/instances/${knownIds[0]}/events`),
        body: fc.record({
          type: fc.constantFrom("VERIFIED", "REJECT", "APPROVE", "NOTE"),
          data: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/definitions/validate"),
        body: mutatedDefinition,
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/definitions"),
        body: mutatedDefinition.map((d) => ({ ...d, key: "fuzzed-process" })),
      }),
      fc.record({
        method: fc.constant("PUT"),
        path: fc.constant("/api/definitions/fuzzed-draft/draft"),
        body: fc.record({ definition: mutatedDefinition }),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/api/definitions/fuzzed-draft/publish"),
        body: fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, body }) => {
        const response = await h.call(method, path, {
          token,
          ...(body === undefined ? {} : { body }),
        });
        expect(
          response.status,
          `${method} ${path} ${String(JSON.stringify(body)).slice(0, 300)}`,
        ).not.toBe(500);
        if (response.status >= 400) {
          expect(response.headers.get("content-type")).toContain("application/problem+json");
        }
        await response.arrayBuffer();
      }),
      { numRuns: 300 },
    );
  }, 180_000);

  test("SQL-like and very long strings in every filter give 400 or an empty result", async () => {
    const filters = [
      "/api/tasks?processKey=",
      "/api/tasks?status=",
      "/api/instances?processKey=",
      "/api/instances?businessKey=",
      "/api/instances?status=",
      "/api/stats/hazards?groupBy=",
      "/api/exports/hazard-ledger.xlsx?village=",
      "/api/exports/hazard-ledger.xlsx?industry=",
      "/api/exports/hazard-ledger.xlsx?from=",
    ];
    for (const filter of filters) {
      for (const value of ["' OR '1'='1", "x'); delete from users; --", "a".repeat(5000)]) {
        const response = await h.call("GET", filter + encodeURIComponent(value), { token });
        expect([200, 400], `${filter}${value.slice(0, 20)}`).toContain(response.status);
        if (response.status === 200 && response.headers.get("content-type")?.includes("json")) {
          const body = await json<{ items?: unknown[] }>(response);
          expect(body.items ?? []).toEqual([]);
        }
      }
    }
    expect((await h.call("GET", "/api/me", { token })).status).toBe(200);
  });
});
