/**
 * `POST /auth/login` and `GET /me`.
 */
import { createRoute } from "@hono/zod-openapi";
import type { ApiDeps } from "../api-deps.js";
import { UNUSABLE_PASSWORD_HASH, verifyPassword } from "../../engine/identity/password.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import { Security, jsonBody, jsonResponse, problemResponses } from "../schemas/common-schemas.js";
import { LoginBodySchema, LoginResponseSchema, MeSchema } from "../schemas/user-schemas.js";

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  summary: "Sign in: a bearer token for the other routes",
  request: { body: jsonBody(LoginBodySchema) },
  responses: {
    200: jsonResponse(LoginResponseSchema, "The token and the user"),
    ...problemResponses(400, 401, 415, 429, 503),
  },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "The signed-in user",
  security: Security,
  responses: { 200: jsonResponse(MeSchema, "The user"), ...problemResponses(401, 503) },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  summary: "Sign out: every token of the user stops working at once (the token version is bumped)",
  security: Security,
  responses: { 204: { description: "Signed out" }, ...problemResponses(401, 503) },
});

const badLogin = () =>
  new ProblemError(problem(401, "wrong username or password", { kind: "login-failed" }));

export function authRoutes({ users, tokens, engine, loginGuard, clientAddress }: ApiDeps) {
  const router = createRouter();

  router.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid("json");
    // Counted before anything is read or checked: the same answers, and the same work, for
    // users who exist and users who do not.
    const attempt = loginGuard.begin(username, clientAddress(c));
    if (attempt.wait > 0) {
      throw new ProblemError(
        problem(429, `too many failed logins: try again in ${attempt.wait} s`, {
          kind: "login-throttled",
        }),
        { "Retry-After": String(attempt.wait) },
      );
    }
    const row = await users.findByUsername(username);
    const verified = await verifyPassword(password, row?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    attempt.finish(verified && row !== null);
    if (!row) throw badLogin();
    const now = engine.clock.now();
    if (!verified) {
      await users.recordFailedLogin(row.id, now);
      throw badLogin();
    }
    if (row.disabled)
      throw new ProblemError(problem(401, "the account is disabled", { kind: "account-disabled" }));
    if (row.failedLogins > 0) await users.clearFailedLogins(row.id);
    const { token, expiresAt } = await tokens.sign({
      userId: row.id,
      tokenVersion: row.tokenVersion,
    });
    const user = {
      id: row.id,
      username: row.username,
      name: row.name,
      groups: row.groups,
      orgUnit: row.orgUnit,
    };
    return c.json({ token, expiresAt: expiresAt.toISOString(), user }, 200);
  });

  router.openapi(meRoute, (c) => c.json(c.get("user"), 200));

  router.openapi(logoutRoute, async (c) => {
    await users.update(c.get("user").id, { revokeTokens: true });
    return c.body(null, 204);
  });

  return router;
}
