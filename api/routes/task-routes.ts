/**
 * `/tasks`: the inbox, one task, and claim / unclaim / delegate / complete.
 */
import { EngineError, NotFoundError } from "../../engine/errors.js";
import { createRoute, z } from "@hono/zod-openapi";
import type { Task, TaskStatus } from "../../engine/types.js";
import type { ApiDeps } from "../api-deps.js";
import { actorOf } from "../app-env.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import {
  CursorSchema,
  IdempotencyHeaderSchema,
  JsonObjectSchema,
  LimitSchema,
  ProcessKeySchema,
  QueryBooleanSchema,
  Security,
  UuidParamSchema,
  jsonBody,
  jsonResponse,
  problemResponses,
  queryFlag,
} from "../schemas/common-schemas.js";
import { InstanceSchema, TaskSchema, pageSchema } from "../schemas/instance-schemas.js";
import { UsernameSchema } from "../schemas/user-schemas.js";
import { matchesPerson } from "../people-search.js";
import { isTaskCandidate } from "../visibility.js";
import { mayReadInstance } from "./instance-routes.js";

const tags = ["tasks"];

const ListQuerySchema = z.object({
  mine: QueryBooleanSchema.optional().openapi({
    description: "Only tasks assigned to me (else mine and my groups')",
  }),
  status: z
    .enum(["active", "open", "claimed", "completed", "cancelled"])
    .optional()
    .openapi({ description: "Default `active`: open or claimed" }),
  overdue: QueryBooleanSchema.optional(),
  processKey: ProcessKeySchema.optional(),
  instanceId: z.uuid().optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema.optional(),
});

const CompleteBodySchema = z
  .object({
    outcome: z.string().min(1).max(100),
    data: JsonObjectSchema.default({}).openapi({
      description: "Form data, checked against the task's form",
    }),
  })
  .openapi("CompleteTask");

const DelegateBodySchema = z.object({ userId: UsernameSchema }).openapi("DelegateTask");

const CompleteResultSchema = z
  .object({ task: TaskSchema, instance: InstanceSchema })
  .openapi("CompleteResult");

const listRoute = createRoute({
  method: "get",
  path: "/tasks",
  tags,
  summary:
    "The inbox: tasks assigned to me or my groups, earliest due first; data summarized (numbers, booleans and strings up to 200 characters)",
  security: Security,
  request: { query: ListQuerySchema },
  responses: {
    200: jsonResponse(pageSchema(TaskSchema, "TaskPage"), "A page of tasks"),
    ...problemResponses(400, 401, 503),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/tasks/{id}",
  tags,
  summary: "One task",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(TaskSchema, "The task"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const actionRoute = (action: "claim" | "unclaim", summary: string) =>
  createRoute({
    method: "post",
    path: `/tasks/{id}/${action}`,
    tags,
    summary,
    security: Security,
    request: { params: UuidParamSchema, headers: IdempotencyHeaderSchema },
    responses: {
      200: jsonResponse(TaskSchema, "The task"),
      ...problemResponses(400, 401, 403, 404, 409, 503),
    },
  });

const claimRoute = actionRoute("claim", "Take the task (candidate groups)");
const unclaimRoute = actionRoute("unclaim", "Give the task back to its groups");

const delegateRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/delegate",
  tags,
  summary: "Assign the task to another user",
  security: Security,
  request: {
    params: UuidParamSchema,
    headers: IdempotencyHeaderSchema,
    body: jsonBody(DelegateBodySchema),
  },
  responses: {
    200: jsonResponse(TaskSchema, "The task"),
    ...problemResponses(400, 401, 403, 404, 409, 415, 503),
  },
});

const DelegateCandidateSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    groups: z.array(z.string()),
  })
  .openapi("DelegateCandidate");

const delegatesRoute = createRoute({
  method: "get",
  path: "/tasks/{id}/delegates",
  tags,
  summary:
    "People the task may be delegated to (a candidate of it, or someone who may read its case), found by name, pinyin initials, username or group",
  security: Security,
  request: {
    params: UuidParamSchema,
    query: z.object({
      q: z.string().max(50, "搜索内容最多 50 个字符").optional(),
      limit: z.coerce.number().int().min(1).max(50).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(DelegateCandidateSchema) }).openapi("DelegateCandidates"),
      "Up to `limit` (default 20) people, by name",
    ),
    ...problemResponses(400, 401, 404, 503),
  },
});

const completeRoute = createRoute({
  method: "post",
  path: "/tasks/{id}/complete",
  tags,
  summary: "Complete with an outcome and the form data",
  security: Security,
  request: {
    params: UuidParamSchema,
    headers: IdempotencyHeaderSchema,
    body: jsonBody(CompleteBodySchema),
  },
  responses: {
    200: jsonResponse(CompleteResultSchema, "The completed task and the instance after it"),
    ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const forbidden = () =>
  new ProblemError(
    problem(403, "you may not see this task", { kind: "forbidden", code: "FORBIDDEN" }),
  );

export function taskRoutes({ engine, views, users }: ApiDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const query = c.req.valid("query");
    const status: TaskStatus | TaskStatus[] =
      query.status === undefined || query.status === "active" ? ["open", "claimed"] : query.status;
    const page = await engine.tasks.list({
      // Tasks of no group, assigned to me: the engine's user filter is "assignee or candidate".
      user: queryFlag(query.mine) ? { id: me.id, groups: [] } : me,
      status,
      ...(query.overdue !== undefined ? { overdue: queryFlag(query.overdue) } : {}),
      ...(query.processKey ? { processKey: query.processKey } : {}),
      ...(query.instanceId ? { instanceId: query.instanceId } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    const references = await engine.references.ofInstances(page.items.map((t) => t.instanceId));
    const items = await Promise.all(
      page.items.map((t) =>
        views.task(t, me, references.get(t.instanceId) ?? [], { summary: true }),
      ),
    );
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });

  const readableTask = async (id: string, me: ReturnType<typeof actorOf>): Promise<Task> => {
    const task = await engine.tasks.get(id);
    if (isTaskCandidate(me, task) || task.completedBy === me.id) return task;
    const instance = await engine.instances.get(task.instanceId);
    if (await mayReadInstance(engine, me, instance)) return task;
    throw forbidden();
  };

  router.openapi(getRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const task = await readableTask(c.req.valid("param").id, me);
    const references = await engine.references.ofInstances([task.instanceId]);
    return c.json(await views.task(task, me, references.get(task.instanceId) ?? []), 200);
  });

  /** A change to a task the caller may not read answers as if there were none (never who holds it). */
  const actionableTask = async (id: string, me: ReturnType<typeof actorOf>): Promise<Task> => {
    try {
      return await readableTask(id, me);
    } catch (error) {
      if (error instanceof ProblemError) throw new NotFoundError("task", id);
      throw error;
    }
  };

  router.openapi(claimRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const { id } = c.req.valid("param");
    await actionableTask(id, me);
    return c.json(await views.task(await engine.tasks.claim(id, me), me), 200);
  });

  router.openapi(unclaimRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const { id } = c.req.valid("param");
    await actionableTask(id, me);
    return c.json(await views.task(await engine.tasks.unclaim(id, me), me), 200);
  });

  router.openapi(delegateRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const { userId } = c.req.valid("json");
    const { id } = c.req.valid("param");
    const task = await actionableTask(id, me);
    const target = await users.find(userId);
    if (!target || target.disabled) {
      throw new ProblemError(
        problem(400, `no active user ${userId}`, {
          kind: "validation",
          errors: [{ path: "body.userId", message: "no such active user" }],
        }),
      );
    }
    // Only to someone who may see the case (a candidate of the task, or a reader of its instance).
    const delegate = { id: target.id, groups: target.groups };
    const instance = await engine.instances.get(task.instanceId);
    if (!isTaskCandidate(delegate, task) && !(await mayReadInstance(engine, delegate, instance))) {
      throw new ProblemError(
        problem(422, `${userId} may not see this case`, {
          kind: "delegate-not-allowed",
          code: "FORBIDDEN_DELEGATE",
          errors: [{ path: "body.userId", message: "此用户无权查看该案件，不能转办给他" }],
        }),
      );
    }
    const by = await users.find(me.id);
    const names = { by: by?.name ?? me.id, to: target.name };
    return c.json(
      await views.task(await engine.tasks.delegate(id, userId, me, { names }), me),
      200,
    );
  });

  router.openapi(delegatesRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const { id } = c.req.valid("param");
    const { q = "", limit = 20 } = c.req.valid("query");
    const task = await actionableTask(id, me);
    const instance = await engine.instances.get(task.instanceId);
    const items = [];
    for (const user of await users.list()) {
      if (items.length >= limit) break;
      if (user.disabled || user.id === me.id || !matchesPerson(user, q)) continue;
      const person = { id: user.id, groups: user.groups };
      if (!isTaskCandidate(person, task) && !(await mayReadInstance(engine, person, instance)))
        continue;
      items.push({ id: user.id, username: user.username, name: user.name, groups: user.groups });
    }
    return c.json({ items }, 200);
  });

  router.openapi(completeRoute, async (c) => {
    const me = actorOf(c.get("user"));
    const { outcome, data } = c.req.valid("json");
    const { id } = c.req.valid("param");
    let result: Awaited<ReturnType<typeof engine.tasks.complete>>;
    try {
      result = await engine.tasks.complete(id, { outcome, data }, me);
    } catch (error) {
      // Refused: say more (who holds it) only to a caller who may read the task.
      if (error instanceof EngineError && (error.code === "FORBIDDEN" || error.code === "CONFLICT"))
        await actionableTask(id, me);
      throw error;
    }
    return c.json(
      {
        task: await views.task(result.task, me),
        instance: await views.instance(result.instance, me),
      },
      200,
    );
  });

  return router;
}
