/**
 * The user behind a token is kept in memory for a second (api/auth/user-cache.ts):
 * requests cost no user read, yet a revoked token is refused within that
 * second on every process, at once where the change is announced.
 */
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, type ZhibenApp } from "../../api/app.js";
import { cacheUsers } from "../../api/auth/user-cache.js";
import type { UserRow, UserStore } from "../../engine/identity/user-store.js";
import { createEngine } from "../../engine/create-engine.js";
import type { Engine } from "../../engine/engine.js";
import { onPostgres } from "../support/test-database.js";
import { createApiHarness, JWT_SECRET, type ApiHarness } from "./api-harness.js";

/** A store of one user in memory that counts its reads. */
function memoryStore() {
  let row = { id: "li", tokenVersion: 0, disabled: false } as UserRow;
  const store = {
    reads: 0,
    async find(id: string) {
      store.reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return id === row.id ? { ...row } : null;
    },
    async update(_id: string, changes: { disabled?: boolean }) {
      row = { ...row, tokenVersion: row.tokenVersion + 1, ...changes };
      return row;
    },
  };
  return store as typeof store & UserStore;
}

describe("the cache itself", () => {
  test("a user is read once per second, however many requests ask", async () => {
    const store = memoryStore();
    let now = 0;
    const users = cacheUsers(store, { ttlMs: 1000, now: () => now });
    await Promise.all(Array.from({ length: 16 }, () => users.find("li")));
    for (let i = 0; i < 10; i++) await users.find("li");
    expect(store.reads).toBe(1);
    now = 999;
    await users.find("li");
    expect(store.reads).toBe(1);
    now = 1000;
    await users.find("li");
    expect(store.reads).toBe(2);
    await users.close();
  });

  test("a change through the cache is seen by the next request; an unknown user is not kept", async () => {
    const store = memoryStore();
    const users = cacheUsers(store, { now: () => 0 });
    expect((await users.find("li"))?.tokenVersion).toBe(0);
    await users.update("li", { disabled: true });
    expect(await users.find("li")).toMatchObject({ tokenVersion: 1, disabled: true });
    expect(await users.find("ghost")).toBeNull();
    expect(await users.find("ghost")).toBeNull();
    expect(store.reads).toBe(4);
    await users.close();
  });
});

describe("two server processes on one database", () => {
  let h: ApiHarness;
  let otherEngine: Engine;
  let other: ZhibenApp;
  let admin: string;

  beforeAll(async () => {
    h = await createApiHarness({ tokenTtlSeconds: 3600 });
    admin = await h.signIn("admin", ["process-admin", "user-admin"]);
    // On PostgreSQL a second engine and app stand for a second process (LISTEN/NOTIFY between them).
    otherEngine = onPostgres
      ? await createEngine({ database: h.databaseUrl, clock: h.clock })
      : h.engine;
    other = createApp({
      engine: otherEngine,
      jwtSecret: JWT_SECRET,
      logger: pino({ level: "silent" }),
      defaultMetrics: false,
    });
  });
  afterAll(async () => {
    await other?.shutdown();
    if (onPostgres) await otherEngine?.close();
    await h?.close();
  });

  const me = (token: string) =>
    Promise.resolve(other.request("/api/me", { headers: { Authorization: `Bearer ${token}` } }));

  /** Milliseconds until the other process answers `status` to the token (polling every 20 ms), or null after 3 s. */
  async function msUntil(token: string, status: number): Promise<number | null> {
    const started = performance.now();
    while (performance.now() - started < 3000) {
      if ((await me(token)).status === status) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  test("a password changed on one process revokes the token on the other at once", async () => {
    const token = await h.signIn("zhou", ["safety-office"]);
    expect((await me(token)).status).toBe(200); // kept by the other process now
    const changed = await h.call("PATCH", "/api/users/zhou", {
      token: admin,
      body: { password: "a-new-password-1" },
    });
    expect(changed.status).toBe(200);
    const waited = await msUntil(token, 401);
    expect(waited).not.toBeNull();
    // Announced by NOTIFY: well within the cache's second.
    expect(waited!).toBeLessThan(500);
  });

  test("new groups reach the other process too", async () => {
    const token = await h.signIn("qian", ["safety-office"]);
    expect(await (await me(token)).json()).toMatchObject({ groups: ["safety-office"] });
    await h.call("PATCH", "/api/users/qian", { token: admin, body: { groups: ["village-a"] } });
    const started = performance.now();
    let groups: string[] = [];
    while (performance.now() - started < 3000) {
      groups = ((await (await me(token)).json()) as { groups: string[] }).groups;
      if (groups[0] === "village-a") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(groups).toEqual(["village-a"]);
  });

  test("a change nobody announced (by hand in SQL) is seen within a second", async () => {
    const token = await h.signIn("sun", ["safety-office"]);
    expect((await me(token)).status).toBe(200);
    await h.engine.database.db.execute(
      sql`update users set token_version = token_version + 1 where id = 'sun'`,
    );
    const waited = await msUntil(token, 401);
    expect(waited).not.toBeNull();
    // The second of the cache, plus a request or two on a busy machine.
    expect(waited!).toBeLessThan(1500);
  });
});
