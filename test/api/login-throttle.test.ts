/**
 * Regression (issue 11, finding 6): 60 parallel wrong passwords for one user got
 * 14 checked and a correct one among 59 wrong got in; nothing limited a client
 * address; only existing users ever got 429 (usernames could be enumerated); and
 * a throttled user's correct password was refused too (anyone could lock out
 * `admin`). Now attempts are counted before the password is checked, per
 * username and per client address; unknown users get the same answers; and a
 * client that has signed in as the user before keeps a bucket of its own.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, type ZhibenApp } from "../../api/app.js";
import { createApiHarness, JWT_SECRET, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let app: ZhibenApp;

beforeAll(async () => {
  h = await createApiHarness();
  // Addresses come from X-Forwarded-For here, as behind a reverse proxy.
  app = createApp({
    engine: h.engine,
    jwtSecret: JWT_SECRET,
    logger: pino({ level: "silent" }),
    defaultMetrics: false,
    webRoot: "/nonexistent-web-root",
    trustProxy: true,
  });
  for (const username of ["owner", "target", "quiet"]) {
    await h.users.create({ username, name: username, password: `${username}-pass`, groups: [] });
  }
});
afterAll(async () => h?.close());

function login(username: string, password: string, address: string): Promise<Response> {
  return Promise.resolve(
    app.request("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": address },
      body: JSON.stringify({ username, password }),
    }),
  );
}

async function statusAndBody(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  delete body.correlationId;
  return { status: response.status, body };
}

describe("login throttling", () => {
  test("60 parallel attempts for one user: 3 are checked, a correct one among them does not get in", async () => {
    const passwords = Array.from({ length: 60 }, (_, i) => (i === 30 ? "target-pass" : "wrong"));
    const responses = await Promise.all(
      passwords.map((password) => login("target", password, "198.51.100.7")),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(57);
    expect(statuses[30]).toBe(429);
    expect(Number(responses[59]!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  test("unknown usernames get the same answers as known ones", async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await statusAndBody(await login("quiet", "wrong", "198.51.100.20")));
      unknown.push(await statusAndBody(await login("nobody-here", "wrong", "198.51.100.21")));
    }
    expect(unknown).toEqual(known);
    expect(known.map((k) => (k as { status: number }).status)).toEqual([401, 401, 401, 429]);
  });

  test("the owner's correct password from an address seen before still works while an attacker is throttled", async () => {
    expect((await login("owner", "owner-pass", "192.0.2.10")).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await login("owner", "guess", "203.0.113.66")).status).toBe(401);
    }
    expect((await login("owner", "owner-pass", "203.0.113.66")).status).toBe(429);
    expect((await login("owner", "owner-pass", "203.0.113.99")).status).toBe(429);
    expect((await login("owner", "owner-pass", "192.0.2.10")).status).toBe(200);
    // The wait doubles, then passes.
    h.clock.advance(1_000);
    expect((await login("owner", "guess", "203.0.113.66")).status).toBe(401);
    expect((await login("owner", "guess", "203.0.113.66")).status).toBe(429);
    h.clock.advance(2_000);
    expect((await login("owner", "owner-pass", "203.0.113.66")).status).toBe(200);
  });

  test("one address trying many usernames is slowed down after 20 failures", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await login(`spray-${i}`, "123456", "198.51.100.99")).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another address is not affected.
    expect((await login("spray-x", "123456", "198.51.100.100")).status).toBe(401);
  });
});
