/**
 * `/users`: accounts, for members of `user-admin`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "../../engine/errors.js";
import type { ApiDeps } from "../api-deps.js";
import { Groups } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { publicUser } from "../../engine/identity/user-store.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import {
  IdempotencyHeaderSchema,
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import {
  CreateUserBodySchema,
  UpdateUserBodySchema,
  UserIdParamSchema,
  UserSchema,
} from "../schemas/user-schemas.js";

const userAdmin = requireGroups(Groups.userAdmin);
const tags = ["users"];

const listRoute = createRoute({
  method: "get",
  path: "/users",
  tags,
  summary: "Every user",
  security: Security,
  middleware: [userAdmin] as const,
  responses: {
    200: jsonResponse(z.object({ items: z.array(UserSchema) }), "The users"),
    ...problemResponses(401, 403, 503),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/users/{id}",
  tags,
  summary: "One user",
  security: Security,
  middleware: [userAdmin] as const,
  request: { params: UserIdParamSchema },
  responses: {
    200: jsonResponse(UserSchema, "The user"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/users",
  tags,
  summary: "Create a user with groups",
  security: Security,
  middleware: [userAdmin] as const,
  request: { headers: IdempotencyHeaderSchema, body: jsonBody(CreateUserBodySchema) },
  responses: {
    201: jsonResponse(UserSchema, "The new user"),
    ...problemResponses(400, 401, 403, 409, 415, 422, 503),
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/users/{id}",
  tags,
  summary: "Change name, groups or org unit, reset the password, disable or enable",
  security: Security,
  middleware: [userAdmin] as const,
  request: { params: UserIdParamSchema, body: jsonBody(UpdateUserBodySchema) },
  responses: {
    200: jsonResponse(UserSchema, "The user after the change"),
    ...problemResponses(400, 401, 403, 404, 409, 415, 503),
  },
});

export function userRoutes({ users }: ApiDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) =>
    c.json({ items: (await users.list()).map(publicUser) }, 200),
  );

  router.openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await users.find(id);
    if (!row) throw new NotFoundError("user", id);
    return c.json(publicUser(row), 200);
  });

  router.openapi(createUserRoute, async (c) => {
    const body = c.req.valid("json");
    const row = await users.create({ ...body, orgUnit: body.orgUnit ?? null });
    return c.json(publicUser(row), 201);
  });

  router.openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    if (id === c.get("user").id && changes.disabled === true) {
      throw new ProblemError(
        problem(409, "you cannot disable your own account", { kind: "conflict", code: "CONFLICT" }),
      );
    }
    return c.json(publicUser(await users.update(id, changes)), 200);
  });

  return router;
}
