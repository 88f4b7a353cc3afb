/**
 * `startServer`: opens the engine, migrates, loads `processes/`, creates `admin`
 * (and the demo on an empty database), starts the worker and serves the app.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, database: "pglite://memory", quiet: true });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 * ```
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import pino, { type Logger } from "pino";
import type { Clock } from "../engine/clock.js";
import { createEngine } from "../engine/create-engine.js";
import type { NotificationOptions } from "../engine/notifications/notification-settings.js";
import type { Engine, Worker } from "../engine/engine.js";
import { createSafetyDomain } from "../processes/safety-domain.js";
import { createApp, type ZhibenApp } from "./app.js";
import { Groups } from "./app-env.js";
import {
  migratePlugins,
  pluginRecipients,
  pluginReferences,
  pluginSources,
  seedGroupNames,
  type DemoLogin,
  type ZhibenPlugin,
} from "./plugin.js";

export interface ServerOptions {
  /** 0 = a free port; default `PORT` or 3000. */
  port?: number;
  /** Default `DATABASE_URL`, else PGlite in the data directory. */
  database?: string;
  clock?: Clock;
  /** Create the demo users and data on an empty database (default true). */
  seed?: boolean;
  /** `api` serves without running jobs; `worker` runs jobs without serving; default both. */
  role?: "all" | "api" | "worker";
  /** The password of `admin` when it is created (default `ZHIBEN_ADMIN_PASSWORD`, else generated and printed). */
  adminPassword?: string;
  /** Where PGlite and the generated JWT secret live (default `ZHIBEN_DATA_DIR` or `./data`). */
  dataDir?: string;
  /** Print nothing and log only warnings. */
  quiet?: boolean;
  /** Default `ZHIBEN_JWT_SECRET`, else generated once and kept in the data directory. */
  jwtSecret?: string;
  webRoot?: string;
  hostname?: string;
  /** Connections per process (default `ZHIBEN_POOL_SIZE`, else 10; PostgreSQL only). */
  poolSize?: number;
  /** The worker's poll interval in ms when no NOTIFY wakes it (default `ZHIBEN_POLL_MS`, else 1000). */
  pollMs?: number;
  /** Due jobs a worker takes per transaction (default `ZHIBEN_WORKER_BATCH`, else 200). */
  batchSize?: number;
  /** Domain modules: their references, migrations, routes, start-up work and demo data (default: the work-safety domain in `processes/`). */
  plugins?: readonly ZhibenPlugin[];
  /** Notification delivery: SMS gateway, further senders, public URL, secret key, digest hour (roles come from the plugins). */
  notifications?: Omit<NotificationOptions, "resolvers">;
}

/** A positive whole number from the environment, or undefined when unset; a clear error otherwise. */
export function envCount(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number above 0, not ${JSON.stringify(text)}`);
  return value;
}

export interface RunningServer {
  /** e.g. `http://localhost:3000`; empty for the `worker` role. */
  url: string;
  port: number;
  engine: Engine;
  close(): Promise<void>;
}

/** The JWT secret from the data directory, generated there on first use. */
function keptSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function listen(app: ZhibenApp, port: number, hostname: string | undefined): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, ...(hostname ? { hostname } : {}) }, () =>
      resolve(server),
    );
    server.once("error", reject);
  });
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const quiet = options.quiet ?? false;
  const logger: Logger = pino({ level: quiet ? "warn" : (process.env.LOG_LEVEL ?? "info") });
  const print = (line: string) => {
    if (!quiet) process.stdout.write(line + "\n");
  };
  const role = options.role ?? "all";
  const dataDir = path.resolve(options.dataDir ?? process.env.ZHIBEN_DATA_DIR ?? "./data");
  const database =
    options.database ?? process.env.DATABASE_URL ?? `pglite://${path.join(dataDir, "db")}`;

  const poolSize = options.poolSize ?? envCount("ZHIBEN_POOL_SIZE");
  const pollMs = options.pollMs ?? envCount("ZHIBEN_POLL_MS");
  const batchSize = options.batchSize ?? envCount("ZHIBEN_WORKER_BATCH");
  const lanes = envCount("ZHIBEN_WORKER_LANES");
  const plugins = options.plugins ?? [createSafetyDomain()];
  const engine = await createEngine({
    database,
    logger,
    references: pluginReferences(plugins),
    sources: pluginSources(plugins),
    notifications: { ...options.notifications, resolvers: pluginRecipients(plugins) },
    ...(poolSize ? { poolSize } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let worker: Worker | null = null;
  let http: ServerType | null = null;
  let app: ZhibenApp | null = null;
  try {
    await migratePlugins(plugins, engine.database);
    await seedGroupNames(plugins, engine);
    for (const plugin of plugins) await plugin.start?.(engine, { logger });

    const users = engine.users;
    const firstStart = (await users.count()) === 0;
    if (!(await users.find("admin"))) {
      const given = options.adminPassword ?? process.env.ZHIBEN_ADMIN_PASSWORD;
      const password = given || randomBytes(12).toString("base64url");
      const created = await users
        .create({
          username: "admin",
          name: "系统管理员",
          password,
          groups: [Groups.processAdmin, Groups.userAdmin, Groups.calendarAdmin],
        })
        .then(
          () => true,
          () => false, // another process created it at the same moment
        );
      if (created && !given) {
        print(
          `Created user admin with password ${password} (shown once; change it under /api/users)`,
        );
      }
    }
    const demo: DemoLogin[] = [];
    if (firstStart && (options.seed ?? true))
      for (const plugin of plugins)
        demo.push(...((await plugin.seed?.(engine, { users, logger })) ?? []));

    if (role !== "api")
      worker = engine.startWorker({
        ...(pollMs ? { pollMs } : {}),
        ...(batchSize ? { batchSize } : {}),
        ...(lanes ? { lanes } : {}),
      });
    let url = "";
    let port = 0;
    if (role !== "worker") {
      const secret = options.jwtSecret ?? process.env.ZHIBEN_JWT_SECRET ?? keptSecret(dataDir);
      app = createApp({
        engine,
        plugins,
        jwtSecret: secret,
        logger,
        // Behind a reverse proxy that writes X-Forwarded-For, per-client login limits use it.
        trustProxy: process.env.ZHIBEN_TRUST_PROXY === "1",
        ...(process.env.ZHIBEN_METRICS_TOKEN
          ? { metricsToken: process.env.ZHIBEN_METRICS_TOKEN }
          : {}),
        ...(options.webRoot ? { webRoot: options.webRoot } : {}),
      });
      http = await listen(app, options.port ?? Number(process.env.PORT ?? 3000), options.hostname);
      port = (http.address() as AddressInfo).port;
      url = `http://localhost:${port}`;
      print(`Zhiben (治本) is running at ${url} — API reference at ${url}/api/docs`);
    } else {
      print("Zhiben worker is running (no HTTP)");
    }
    if (demo.length > 0) {
      print("Demo logins (username / password — groups):");
      for (const login of demo)
        print(`  ${login.username} / ${login.password} — ${login.groups.join(", ")}`);
    }

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      engine,
      close() {
        closing ??= (async () => {
          await app?.shutdown();
          await worker?.stop();
          if (http) {
            const server = http;
            await new Promise<void>((resolve) => {
              server.close(() => resolve());
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            });
          }
          await engine.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.shutdown().catch(() => {});
    await worker?.stop().catch(() => {});
    http?.close();
    await engine.close().catch(() => {});
    throw error;
  }
}
