/**
 * A fresh engine, database and app for one API test file, with helpers to
 * create users, sign in and call routes as them.
 */
import pino from "pino";
import { createApp, type ZhibenApp } from "../../api/app.js";
import type { UserStore } from "../../engine/identity/user-store.js";
import { createManualClock, type ManualClock } from "../../engine/clock.js";
import { createEngine } from "../../engine/create-engine.js";
import type { Engine } from "../../engine/engine.js";
import type { FileOptions } from "../../engine/files/file-settings.js";
import {
  migratePlugins,
  pluginRecipients,
  pluginSources,
  pluginReferences,
  type ZhibenPlugin,
} from "../../api/plugin.js";
import type { NotificationOptions } from "../../engine/notifications/notification-settings.js";
import { createTestDatabase } from "../support/test-database.js";

export const JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  engine: Engine;
  app: ZhibenApp;
  clock: ManualClock;
  users: UserStore;
  databaseUrl: string;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Creates a user (password `password-1`) and returns a token. */
  signIn(username: string, groups: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function createApiHarness(
  options: {
    start?: string;
    tokenTtlSeconds?: number;
    webRoot?: string;
    files?: FileOptions;
    plugins?: ZhibenPlugin[];
    notifications?: Omit<NotificationOptions, "resolvers">;
  } = {},
): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const clock = createManualClock(options.start ?? "2025-03-03T09:00:00+08:00");
  const engine = await createEngine({
    database: database.url,
    clock,
    ...(options.files ? { files: options.files } : {}),
    references: pluginReferences(options.plugins ?? []),
    sources: pluginSources(options.plugins ?? []),
    notifications: { ...options.notifications, resolvers: pluginRecipients(options.plugins ?? []) },
  });
  await migratePlugins(options.plugins ?? [], engine.database);
  const app = createApp({
    engine,
    plugins: options.plugins ?? [],
    jwtSecret: JWT_SECRET,
    logger: pino({ level: "silent" }),
    heartbeatMs: 300,
    defaultMetrics: false,
    webRoot: options.webRoot ?? "/nonexistent-web-root",
    ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
  });
  const users = engine.users;

  const call: ApiHarness["call"] = (method, path, { token, body, headers = {} } = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (token) h.Authorization = `Bearer ${token}`;
    if (body instanceof FormData || body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      h["Content-Type"] ??= "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    return Promise.resolve(app.request(path, init));
  };

  return {
    engine,
    app,
    clock,
    users,
    databaseUrl: database.url,
    call,
    async signIn(username, groups) {
      if (!(await users.find(username)))
        await users.create({ username, name: username, password: "password-1", groups });
      const response = await call("POST", "/api/auth/login", {
        body: { username, password: "password-1" },
      });
      if (response.status !== 200)
        throw new Error(`login of ${username} failed: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
    async close() {
      await app.shutdown();
      await engine.close();
      await database.drop();
    },
  };
}

/** A small process: a village officer verifies, the safety office reviews. */
export const fixtureReport = {
  key: "fixture-report",
  name: "测试上报",
  variables: {
    type: "object",
    required: ["title", "village"],
    properties: {
      title: { type: "string", minLength: 1 },
      village: { type: "string", minLength: 1 },
      reporterPhone: { type: "string" },
    },
  },
  visibility: ["safety-office", { expr: '"village-" + vars.village' }],
  protectedVars: { reporterPhone: ["safety-office"] },
  initial: "verify",
  states: {
    verify: {
      label: "现场核实",
      task: {
        name: "核实上报",
        candidateGroups: [{ expr: '"village-" + vars.village' }],
        due: "P3D",
        form: {
          type: "object",
          required: ["note"],
          properties: { note: { type: "string", minLength: 1 } },
        },
        outcomes: [
          { event: "VERIFIED", label: "属实" },
          { event: "REJECT", label: "不属实" },
        ],
      },
      on: {
        VERIFIED: "review",
        REJECT: { target: "closed", guard: "string length(event.data.note) > 3" },
      },
    },
    review: {
      label: "审核",
      task: {
        name: "审核上报",
        candidateGroups: ["safety-office"],
        outcomes: [{ event: "APPROVE", label: "通过" }],
      },
      on: { APPROVE: "closed" },
    },
    closed: { type: "final", label: "已办结" },
  },
};

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
