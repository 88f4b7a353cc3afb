/**
 * Middleware: the caller must present a valid bearer token of an enabled user
 * whose token version still matches (disabling or a password reset revokes at once).
 *
 * @example
 * ```ts
 * api.use("/me", authenticate({ tokens, users }));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { ProblemError, problem } from "../problem.js";
import type { TokenService } from "./tokens.js";
import type { UserStore } from "../../engine/identity/user-store.js";

const unauthorized = (detail: string) =>
  new ProblemError(problem(401, detail, { kind: "unauthorized" }), {
    "WWW-Authenticate": 'Bearer realm="zhiben"',
  });

/** The bearer token from the Authorization header, or from `access_token` (EventSource cannot send headers). */
function tokenOf(header: string | undefined, query: string | undefined): string | null {
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? null;
  }
  return query ?? null;
}

export function authenticate(options: {
  tokens: TokenService;
  users: UserStore;
  /** Whether `?access_token=` is accepted (only for the event stream). */
  allowQueryToken?: (path: string) => boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const queryToken = options.allowQueryToken?.(c.req.path)
      ? c.req.query("access_token")
      : undefined;
    const token = tokenOf(c.req.header("Authorization"), queryToken);
    if (!token) throw unauthorized("a bearer token is required");
    const claims = await options.tokens.verify(token);
    if (!claims) throw unauthorized("the token is invalid or expired");
    const row = await options.users.find(claims.userId);
    if (!row || row.disabled || row.tokenVersion !== claims.tokenVersion)
      throw unauthorized("the token is no longer valid");
    c.set("tokenVersion", row.tokenVersion);
    c.set("user", {
      id: row.id,
      username: row.username,
      name: row.name,
      groups: row.groups,
      orgUnit: row.orgUnit,
    });
    await next();
  };
}

/** Middleware: the user must belong to one of `groups`. */
export function requireGroups(...groups: string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (!user.groups.some((g) => groups.includes(g))) {
      throw new ProblemError(
        problem(403, `this needs membership of ${groups.join(" or ")}`, {
          kind: "forbidden",
          code: "FORBIDDEN",
        }),
      );
    }
    await next();
  };
}
