/**
 * Zhiben's HTTP API as a Hono app (`import { createApp } from "zhiben/api"`), and the server.
 *
 * @example
 * ```ts
 * import { createApp } from "zhiben/api";
 * const app = createApp({ engine, jwtSecret });
 * parentApp.route("/workflow", app);
 * ```
 */
export { createApp, type AppOptions, type ZhibenApp } from "./app.js";
export { startServer, type ServerOptions, type RunningServer } from "./server.js";
export {
  createUserStore,
  type UserStore,
  type NewUser,
  type PublicUser,
} from "../engine/identity/user-store.js";
export { hashPassword, verifyPassword } from "../engine/identity/password.js";
export { statusForErrorCode, type ProblemDetails } from "./problem.js";
export type { AuthUser } from "./app-env.js";
