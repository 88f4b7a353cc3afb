/**
 * What every group of routes is built from.
 */
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { AppEnv } from "./app-env.js";
import type { TokenService } from "./auth/tokens.js";
import type { UserStore } from "./auth/user-store.js";
import type { DefinitionCache } from "./definition-cache.js";
import type { Views } from "./views.js";

export interface ApiDeps {
  engine: Engine;
  users: UserStore;
  tokens: TokenService;
  definitions: DefinitionCache;
  views: Views;
  logger: Logger;
  /** Honours the Idempotency-Key header (for state-changing POSTs). */
  idempotent: MiddlewareHandler<AppEnv>;
}
