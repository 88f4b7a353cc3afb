/**
 * What every group of routes is built from.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { AppEnv } from "./app-env.js";
import type { LoginGuard } from "./auth/login-guard.js";
import type { TokenService } from "./auth/tokens.js";
import type { UserStore } from "../engine/identity/user-store.js";
import type { DefinitionCache } from "./definition-cache.js";
import type { FileAccess } from "./files/file-access.js";
import type { FileUrlSigner } from "./files/file-url-signer.js";
import type { FileViews } from "./files/file-views.js";
import type { NameBook } from "./name-book.js";
import type { Views } from "./views.js";

export interface ApiDeps {
  engine: Engine;
  /** Variables the case list's search (`q`) looks in besides title and business key (from plugins). */
  searchVars: string[];
  users: UserStore;
  /** Users' and groups' display names (groups: their row, else a plugin's name). */
  names: NameBook;
  tokens: TokenService;
  definitions: DefinitionCache;
  views: Views;
  logger: Logger;
  /** Attachments: who may read one, how it is shown, its signed links. */
  files: { access: FileAccess; views: FileViews; signer: FileUrlSigner };
  /** Honours the Idempotency-Key header (for state-changing POSTs). */
  idempotent: MiddlewareHandler<AppEnv>;
  /** Counts login attempts per username and per client address. */
  loginGuard: LoginGuard;
  /** The caller's address (the socket's peer, or `X-Forwarded-For` behind a trusted proxy). */
  clientAddress: (c: Context) => string;
}
