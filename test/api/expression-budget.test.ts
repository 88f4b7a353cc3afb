/**
 * Regression (issue 11, findings 1 and 2): one expression could kill the server.
 * A 120 KB list literal or a 2 MB `1+1+…` sent to validate ran the parser out of
 * memory; a published `count(for i in 1..n return i)` did the same on every start.
 * Now the text is capped before parsing, literal ranges and lists are bounded at
 * validate and publish, validate is for process admins and rate-limited, and an
 * evaluation over its budget refuses the one step (422, nothing written).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let admin: string;
let office: string;

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.signIn("admin-budget", ["process-admin"]);
  office = await h.signIn("office-budget", ["safety-office"]);
});
afterAll(async () => h?.close());

/** The fixture with one assignment on entering its first state. */
function withEntryAssign(key: string, expression: string) {
  return {
    ...fixtureReport,
    key,
    variables: {
      ...fixtureReport.variables,
      properties: { ...fixtureReport.variables.properties, n: { type: "integer" } },
    },
    states: {
      ...fixtureReport.states,
      verify: {
        ...fixtureReport.states.verify,
        entry: [{ type: "assign", assign: { counted: expression } }],
      },
    },
  };
}

type Problems = { valid: boolean; problems: { path: string; message: string }[] };

async function healthy(): Promise<number> {
  return (await h.call("GET", "/healthz")).status;
}

describe("validate and publish bound every expression", () => {
  test("a 60,000-element list literal gets a length problem, not a dead server", async () => {
    const list = `[${Array.from({ length: 60_000 }, () => "1").join(",")}]`;
    const response = await h.call("POST", "/api/definitions/validate", {
      token: admin,
      body: withEntryAssign("big-list", list),
    });
    expect(response.status).toBe(200);
    const { valid, problems } = await json<Problems>(response);
    expect(valid).toBe(false);
    expect(problems).toEqual([
      {
        path: "states.verify.entry[0].assign.counted",
        message: expect.stringContaining("表达式过长（120001 个字符，最多 2000 个）"),
      },
    ]);
    // The problem quotes only the start of the text.
    expect(problems[0]!.message.length).toBeLessThan(400);
    expect(await healthy()).toBe(200);
  });

  test("a 2 MB sum is refused the same way", async () => {
    const sum = Array.from({ length: 1_000_000 }, () => "1").join("+");
    const response = await h.call("POST", "/api/definitions", {
      token: admin,
      body: withEntryAssign("big-sum", sum),
    });
    expect(response.status).toBe(422);
    const body = await json<{ errors: { path: string; message: string }[] }>(response);
    expect(body.errors).toEqual([
      {
        path: "states.verify.entry[0].assign.counted",
        message: expect.stringContaining("表达式过长"),
      },
    ]);
    expect(await healthy()).toBe(200);
  });

  test("literal ranges, long list literals and deep nesting are refused at publish", async () => {
    const cases: [string, string][] = [
      ["count(for i in 1..100000000 return i)", "范围 1..100000000 过大（最多 10000 个值）"],
      [
        `count([${Array.from({ length: 501 }, () => "1").join(",")}])`,
        "列表有 501 项，最多 500 项",
      ],
      [Array.from({ length: 300 }, () => "1").join("+"), "表达式嵌套过深"],
    ];
    for (const [expression, message] of cases) {
      const response = await h.call("POST", "/api/definitions", {
        token: admin,
        body: withEntryAssign("bounded-literals", expression),
      });
      expect(response.status, expression.slice(0, 40)).toBe(422);
      const body = await json<{ errors: { message: string }[] }>(response);
      expect(body.errors.map((e) => e.message).join("\n")).toContain(message);
    }
  });

  test("validate is for process admins only", async () => {
    const response = await h.call("POST", "/api/definitions/validate", {
      token: office,
      body: fixtureReport,
    });
    expect(response.status).toBe(403);
    expect(await json(response)).toMatchObject({ code: "FORBIDDEN" });
  });

  test("validate is rate-limited per user: past the burst, 429 with Retry-After", async () => {
    const limited = await h.signIn("admin-limited", ["process-admin"]);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const response = await h.call("POST", "/api/definitions/validate", {
        token: limited,
        body: fixtureReport,
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
        expect(await json(response)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      } else await response.arrayBuffer();
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another admin has a bucket of their own; time refills this one.
    const other = await h.call("POST", "/api/definitions/validate", {
      token: admin,
      body: fixtureReport,
    });
    expect(other.status).toBe(200);
    h.clock.advance("PT2S");
    const again = await h.call("POST", "/api/definitions/validate", {
      token: limited,
      body: fixtureReport,
    });
    expect(again.status).toBe(200);
  });
});

describe("an evaluation over its budget fails its step, not the server", () => {
  beforeAll(async () => {
    const published = await h.call("POST", "/api/definitions", {
      token: admin,
      body: withEntryAssign("counting", "count(for i in 1..vars.n return i)"),
    });
    expect(published.status).toBe(201);
  });

  test("a start that would loop 100,000,000 times is refused with 422; nothing is written", async () => {
    const before = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/instances?processKey=counting", { token: admin }),
    );
    const response = await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "counting", variables: { title: "t", village: "v1", n: 100_000_000 } },
    });
    expect(response.status).toBe(422);
    const body = await json<{ code: string; detail: string }>(response);
    expect(body.code).toBe("EXPRESSION");
    expect(body.detail).toContain("budget");
    expect(await healthy()).toBe(200);
    const after = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/instances?processKey=counting", { token: admin }),
    );
    expect(after.items).toHaveLength(before.items.length);

    // The next start with a small count works (a fresh sandbox replaced the stopped one).
    const small = await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "counting", variables: { title: "t", village: "v1", n: 5 } },
    });
    expect(small.status).toBe(201);
    expect(await json(small)).toMatchObject({ vars: { counted: 5 } });
  });

  test("a context literal that doubles a string 40 times is stopped too", async () => {
    const published = await h.call("POST", "/api/definitions", {
      token: admin,
      body: withEntryAssign(
        "doubling",
        `{${Array.from({ length: 40 }, (_, i) => (i === 0 ? `a0: vars.title` : `a${i}: a${i - 1} + a${i - 1}`)).join(", ")}}.a39`,
      ),
    });
    expect(published.status).toBe(201);
    const response = await h.call("POST", "/api/instances", {
      token: admin,
      body: { processKey: "doubling", variables: { title: "xxxxxxxx", village: "v1" } },
    });
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({ code: "EXPRESSION" });
    expect(await healthy()).toBe(200);
  });
});
