/**
 * `createApp`: the HTTP API under `/api`, `/healthz`, `/metrics` and the web app at `/`,
 * as one Hono app that a server runs or another Hono app mounts.
 *
 * @example
 * ```ts
 * import { createEngine } from "zhiben";
 * import { createApp } from "zhiben/api";
 * const engine = await createEngine({ database: process.env.DATABASE_URL });
 * const app = createApp({ engine, jwtSecret: process.env.ZHIBEN_JWT_SECRET! });
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import pino, { type Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import { describeError, isDriverError } from "../engine/store/driver-error.js";
import type { AppEnv } from "./app-env.js";
import type { ApiDeps } from "./api-deps.js";
import { authenticate } from "./auth/authenticate.js";
import { createLoginGuard } from "./auth/login-guard.js";
import { cacheVerifiedTokens } from "./auth/token-cache.js";
import { createTokenService } from "./auth/tokens.js";
import { cacheUsers } from "./auth/user-cache.js";
import { clientAddress } from "./client-address.js";
import { createDefinitionCache } from "./definition-cache.js";
import { createFileAccess } from "./files/file-access.js";
import { createFileUrlSigner } from "./files/file-url-signer.js";
import { createFileViews } from "./files/file-views.js";
import { idempotency } from "./idempotency.js";
import { createLiveUpdates } from "./live-updates.js";
import { createMetrics } from "./metrics.js";
import { createNameBook } from "./name-book.js";
import { packageRoot } from "./package-root.js";
import type { ZhibenPlugin } from "./plugin.js";
import { problem, problemFromError, problemResponse } from "./problem.js";
import { contentSecurityPolicy } from "./content-security-policy.js";
import { createRouter } from "./router.js";
import { SECURITY_HEADERS, responseHeaders } from "./response-headers.js";
import { storableInput } from "./storable-input.js";
import { authRoutes } from "./routes/auth-routes.js";
import { channelRoutes } from "./routes/channel-routes.js";
import { notificationRoutes } from "./routes/notification-routes.js";
import { calendarRoutes } from "./routes/calendar-routes.js";
import { scheduleRoutes } from "./routes/schedule-routes.js";
import { definitionRoutes } from "./routes/definition-routes.js";
import { docsRoutes } from "./routes/docs-routes.js";
import { fileRoutes } from "./routes/file-routes.js";
import { groupRoutes } from "./routes/group-routes.js";
import { instanceRoutes } from "./routes/instance-routes.js";
import { operationsRoutes } from "./routes/operations-routes.js";
import { streamRoutes } from "./routes/stream-routes.js";
import { taskRoutes } from "./routes/task-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import { createViews } from "./views.js";
import { webApp as webAppRoutes } from "./web-app.js";

export interface AppOptions {
  engine: Engine;
  /** HS256 key: at least 32 bytes. */
  jwtSecret: string | Uint8Array;
  logger?: Logger;
  /** How long a token lasts (default 12 hours). */
  tokenTtlSeconds?: number;
  /** The built web app (default `designer/dist` in the package). */
  webRoot?: string;
  /** Time between heartbeats on `/api/stream` (default 15 s). */
  heartbeatMs?: number;
  /** Whether `/metrics` includes the process's default metrics (default true). */
  defaultMetrics?: boolean;
  /**
   * Whether the first `X-Forwarded-For` entry is the client's address (for per-client login
   * limits); set only behind a reverse proxy that writes the header. Default false.
   */
  trustProxy?: boolean;
  /**
   * Bearer token that `/metrics` requires (`ZHIBEN_METRICS_TOKEN` for `npm start`); without
   * one, `/metrics` answers only requests from this machine.
   */
  metricsToken?: string;
  /** How long a signed link to a file lasts at least (at most twice that); default 600 s. */
  fileUrlTtlSeconds?: number;
  /** Domain modules whose routes are mounted under `/api` (their migrations are the caller's to run). */
  plugins?: readonly ZhibenPlugin[];
}

export type ZhibenApp = OpenAPIHono<AppEnv> & {
  /** Ends open event streams; call before closing the server. */
  shutdown(): Promise<void>;
};

/** Routes anyone may call, without a token. */
const PUBLIC_API = new Set([
  "POST /api/auth/login",
  "GET /api/openapi.json",
  "GET /api/docs",
  "GET /api/docs/scalar.js",
]);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_JSON_DEPTH = 64;
/**
 * Routes that stream their body instead of reading JSON: the one exception to the JSON
 * body limit (an upload counts its bytes against the engine's `files.maxBytes` as they
 * arrive) and to `Idempotency-Key` (which would have to read the whole body to hash it).
 */
const STREAMED_UPLOADS = new Set(["POST /api/files"]);
/** A file's bytes by signed link (`?exp=…&sig=…`): the route checks the signature instead of a token. */
const SIGNED_FILE_LINK = /^\/api\/files\/[^/]+(\/thumbnail)?$/;

export function createApp(options: AppOptions): ZhibenApp {
  const { engine } = options;
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info" });
  // The user behind each request's token, from memory for up to a second (user-cache.ts).
  const users = cacheUsers(engine.users, {
    database: engine.database,
    onListenError: (error) =>
      logger.warn({ err: String(error) }, "cannot LISTEN for user changes; cached for 1 s at most"),
  });
  const tokens = cacheVerifiedTokens(
    createTokenService({
      secret: options.jwtSecret,
      ttlSeconds: options.tokenTtlSeconds ?? 12 * 3600,
      clock: engine.clock,
    }),
    { clock: engine.clock },
  );
  const definitions = createDefinitionCache(engine);
  const views = createViews({ definitions, clock: engine.clock });
  const metrics = createMetrics({ engine, defaultMetrics: options.defaultMetrics ?? true });
  const live = createLiveUpdates({ engine, logger });
  const signer = createFileUrlSigner({
    secret: options.jwtSecret,
    clock: engine.clock,
    ...(options.fileUrlTtlSeconds ? { ttlSeconds: options.fileUrlTtlSeconds } : {}),
  });
  const deps: ApiDeps = {
    engine,
    searchVars: [...new Set((options.plugins ?? []).flatMap((p) => p.searchVars ?? []))],
    users,
    names: createNameBook({ engine, plugins: options.plugins ?? [] }),
    tokens,
    definitions,
    views,
    logger,
    files: {
      access: createFileAccess({ engine, views }),
      views: createFileViews({ signer, definitions }),
      signer,
    },
    idempotent: idempotency({ keys: engine.idempotencyKeys }),
    loginGuard: createLoginGuard({ clock: engine.clock }),
    clientAddress: clientAddress({ trustProxy: options.trustProxy ?? false }),
  };

  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });

  app.onError((error, c) => {
    const { details, headers } = problemFromError(error);
    const log = c.get("log") ?? logger;
    // Never the error itself: a driver error carries the statement's parameters.
    if (details.status >= 500) log.error({ err: describeError(error) }, "request failed");
    else if (isDriverError(error)) log.warn({ err: describeError(error) }, "request refused");
    const correlationId = c.get("requestId");
    return problemResponse(c, correlationId ? { ...details, correlationId } : details, headers);
  });
  app.notFound((c) =>
    problemResponse(c, problem(404, `no route for ${c.req.method} ${c.req.path}`)),
  );

  app.use("*", async (c, next) => {
    const given = c.req.header("X-Request-Id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const log = logger.child({ reqId: requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use("*", metrics.middleware);
  app.use(
    "*",
    responseHeaders<AppEnv>({
      fixed: SECURITY_HEADERS,
      perRequest: (c) => ({ "X-Request-Id": c.get("requestId") }),
    }),
  );
  app.use("*", contentSecurityPolicy());

  const tooLarge = (c: Context<AppEnv>) =>
    problemResponse(c, problem(413, `the body is larger than ${MAX_BODY_BYTES} bytes`));
  const jsonBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use("/api/*", async (c, next) => {
    if (STREAMED_UPLOADS.has(`${c.req.method} ${c.req.path}`)) return next();
    // A GET has no body to limit, and a declared length is checked from its header:
    // neither touches the request's body here. bodyLimit reads `c.req.raw.body`, which
    // makes @hono/node-server build an undici Request and a web stream for the request
    // (6 % of an HTTP task completion's CPU profile) instead of reading the JSON directly.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number.parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge(c) : next();
    return jsonBodyLimit(c, next);
  });
  // NUL, lone surrogates and deep nesting never reach the engine (nor the database driver).
  app.use("/api/*", storableInput({ maxDepth: MAX_JSON_DEPTH }));
  const requireToken = authenticate({ tokens, users, allowQueryToken: (p) => p === "/api/stream" });
  app.use("/api/*", async (c, next) => {
    if (PUBLIC_API.has(`${c.req.method} ${c.req.path}`)) return next();
    const signedLink =
      c.req.method === "GET" && SIGNED_FILE_LINK.test(c.req.path) && c.req.query("sig");
    if (signedLink) return next();
    return requireToken(c, next);
  });
  app.use("/api/*", async (c, next) => {
    if (c.req.method !== "POST" || !c.get("user")) return next();
    if (STREAMED_UPLOADS.has(`${c.req.method} ${c.req.path}`)) return next();
    return deps.idempotent(c, next);
  });

  const api = createRouter();
  api.route("/", authRoutes(deps));
  api.route("/", userRoutes(deps));
  api.route("/", definitionRoutes(deps));
  api.route("/", instanceRoutes(deps));
  api.route("/", taskRoutes(deps));
  api.route("/", fileRoutes(deps));
  api.route("/", calendarRoutes(deps));
  api.route("/", groupRoutes(deps));
  api.route("/", scheduleRoutes(deps));
  api.route("/", notificationRoutes(deps));
  api.route("/", channelRoutes(deps));
  api.route("/", streamRoutes(deps, live, options.heartbeatMs ?? 15_000));
  for (const plugin of options.plugins ?? []) {
    const routes = plugin.routes?.(deps);
    if (routes) api.route("/", routes);
  }
  api.route(
    "/",
    docsRoutes(() => app),
  );
  app.route("/api", api);
  app.route(
    "/",
    operationsRoutes(engine, metrics, {
      clientAddress: deps.clientAddress,
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    }),
  );

  const webRoot = options.webRoot ?? path.join(packageRoot(), "designer", "dist");
  app.route("/", webAppRoutes({ webRoot }));

  return Object.assign(app, {
    shutdown: async () => {
      await Promise.all([live.close(), users.close()]);
    },
  });
}
