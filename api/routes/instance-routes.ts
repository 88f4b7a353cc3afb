/**
 * `/instances`: start, list and read what the caller may see; raw events and termination.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../engine/engine.js";
import type { Actor, Instance } from "../../engine/types.js";
import type { ApiDeps } from "../api-deps.js";
import { Groups, actorOf } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
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
import {
  HistoryEntrySchema,
  InstanceDetailSchema,
  InstanceSchema,
  pageSchema,
} from "../schemas/instance-schemas.js";
import { varFilters } from "../var-filters.js";
import { canSeeInstance, hiddenNames, isProcessAdmin, isTaskCandidate } from "../visibility.js";

const tags = ["instances"];
const OPEN = ["open", "claimed"] as ("open" | "claimed")[];

const StartBodySchema = z
  .object({
    processKey: ProcessKeySchema,
    version: z.number().int().min(1).optional(),
    businessKey: z.string().min(1).max(200).optional(),
    variables: JsonObjectSchema.default({}),
  })
  .openapi("StartInstance");

const EventTypeSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/, "an event type: letters, digits, _ . : -");

const SendEventBodySchema = z
  .object({
    type: EventTypeSchema,
    data: JsonObjectSchema.optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .openapi("SendEvent");

const TerminateBodySchema = z
  .object({ reason: z.string().min(1).max(2000) })
  .openapi("TerminateInstance");

const ListQuerySchema = z.object({
  processKey: ProcessKeySchema.optional(),
  status: z.enum(["running", "completed", "terminated"]).optional(),
  state: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, "状态标识只能由字母、数字、_ 和 - 组成")
    .optional()
    .openapi({ description: "Only instances in this state (one of their active states)" }),
  overdue: QueryBooleanSchema.optional().openapi({
    description: "true: running instances whose `overdue` variable is true; false: the others",
  }),
  q: z.string().max(100, "搜索内容最多 100 个字符").optional().openapi({
    description:
      "Text in the title, the business key or a variable the server's plugins name for search (case-insensitive)",
  }),
  businessKey: z.string().min(1).max(200).optional(),
  parentId: z.uuid().optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema.optional(),
});

const startRoute = createRoute({
  method: "post",
  path: "/instances",
  tags,
  summary: "Start an instance of the latest (or given) version",
  security: Security,
  request: { headers: IdempotencyHeaderSchema, body: jsonBody(StartBodySchema) },
  responses: {
    201: jsonResponse(InstanceSchema, "The new instance"),
    ...problemResponses(400, 401, 404, 409, 415, 422, 503),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/instances",
  tags,
  summary:
    "Instances the caller may see, newest first; vars summarized (numbers, booleans and strings up to 200 characters)",
  description:
    "Besides the listed parameters, `var.<name>=<value>` (up to 10) keeps instances whose top-level variable `<name>` is the string `<value>`, e.g. `var.region=north`; a variable the caller may not see (`protectedVars`) never matches.",
  security: Security,
  request: { query: ListQuerySchema },
  responses: {
    200: jsonResponse(pageSchema(InstanceSchema, "InstancePage"), "A page of instances"),
    ...problemResponses(400, 401, 503),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/instances/{id}",
  tags,
  summary: "One instance: active states, vars, open tasks, allowed events, parent and children",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(InstanceDetailSchema, "The instance"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const historyRoute = createRoute({
  method: "get",
  path: "/instances/{id}/history",
  tags,
  summary: "The append-only log of the instance",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(HistoryEntrySchema) }),
      "The entries, oldest first",
    ),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const sendRoute = createRoute({
  method: "post",
  path: "/instances/{id}/events",
  tags,
  summary:
    "Send a raw event (integration and process-admin, to an instance they may read): a task outcome with data as its form allows, or an event the definition declares in `events`",
  security: Security,
  middleware: [requireGroups(Groups.integration, Groups.processAdmin)] as const,
  request: {
    params: UuidParamSchema,
    headers: IdempotencyHeaderSchema,
    body: jsonBody(SendEventBodySchema),
  },
  responses: {
    200: jsonResponse(InstanceSchema, "The instance after the event"),
    ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const terminateRoute = createRoute({
  method: "post",
  path: "/instances/{id}/terminate",
  tags,
  summary: "End a running instance: open tasks cancelled, timers dropped, children terminated",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: {
    params: UuidParamSchema,
    headers: IdempotencyHeaderSchema,
    body: jsonBody(TerminateBodySchema),
  },
  responses: {
    200: jsonResponse(InstanceSchema, "The terminated instance"),
    ...problemResponses(400, 401, 403, 404, 409, 415, 503),
  },
});

const retryRoute = createRoute({
  method: "post",
  path: "/instances/{id}/retry",
  tags,
  summary: "Run the instance's failed jobs again and clear its incident (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { params: UuidParamSchema, headers: IdempotencyHeaderSchema },
  responses: {
    200: jsonResponse(InstanceSchema, "The instance"),
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
});

/** Whether the actor may read the instance: visibility rules, or a task on it they may act on. */
export async function mayReadInstance(
  engine: Engine,
  actor: Actor,
  instance: Instance,
): Promise<boolean> {
  if (canSeeInstance(actor, instance)) return true;
  const open = await engine.tasks.list({ instanceId: instance.id, status: OPEN, limit: 200 });
  return open.items.some((task) => isTaskCandidate(actor, task));
}

export async function readableInstance(
  engine: Engine,
  actor: Actor,
  id: string,
): Promise<Instance> {
  const instance = await engine.instances.get(id);
  if (!(await mayReadInstance(engine, actor, instance))) {
    throw new ProblemError(
      problem(403, "you may not see this instance", { kind: "forbidden", code: "FORBIDDEN" }),
    );
  }
  return instance;
}

export function instanceRoutes({ engine, views, definitions, searchVars }: ApiDeps) {
  const router = createRouter();

  router.openapi(startRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const { processKey, version, businessKey, variables } = c.req.valid("json");
    const instance = await engine.instances.start(processKey, variables, {
      actor,
      ...(businessKey !== undefined ? { businessKey } : {}),
      ...(version !== undefined ? { version } : {}),
    });
    return c.json(await views.instance(instance, actor), 201);
  });

  router.openapi(listRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const { state, overdue, q, ...query } = c.req.valid("query");
    const filters = varFilters(c.req.queries());
    if ("problems" in filters) {
      throw new ProblemError(
        problem(400, "the request query is invalid", {
          kind: "validation",
          code: "VALIDATION",
          errors: filters.problems,
        }),
      );
    }
    const page = await engine.instances.list({
      ...query,
      ...(state ? { activeState: state } : {}),
      ...(overdue !== undefined ? { overdue: queryFlag(overdue) } : {}),
      ...(q ? { search: { text: q, vars: searchVars } } : {}),
      ...(Object.keys(filters.vars).length > 0 ? { vars: filters.vars } : {}),
      visibleTo: actor,
    });
    const shown = await withoutHiddenMatches(page.items, Object.keys(filters.vars), actor);
    const references = await engine.references.ofInstances(shown.map((i) => i.id));
    const items = await Promise.all(
      shown.map((i) => views.instance(i, actor, references.get(i.id) ?? [], { summary: true })),
    );
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });

  /** A variable filter never matches a variable the caller may not see (`protectedVars`). */
  const withoutHiddenMatches = async (items: Instance[], names: string[], actor: Actor) => {
    if (names.length === 0) return items;
    const kept = await Promise.all(
      items.map(async (i) => {
        const cached = await definitions.get(i.processKey, i.version);
        const hidden = hiddenNames(cached?.protectedVars, actor);
        return names.some((name) => hidden.has(name)) ? null : i;
      }),
    );
    return kept.filter((i): i is Instance => i !== null);
  };

  router.openapi(getRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await readableInstance(engine, actor, c.req.valid("param").id);
    const references = (await engine.references.ofInstances([instance.id])).get(instance.id) ?? [];
    const [base, openTasks, children, parent, allowedEvents, cached, flagged, timers] =
      await Promise.all([
        views.instance(instance, actor, references),
        engine.tasks.list({ instanceId: instance.id, status: OPEN, limit: 200 }),
        engine.instances.list({ parentId: instance.id, visibleTo: actor, limit: 200 }),
        instance.parentId
          ? engine.instances.get(instance.parentId).catch(() => null)
          : Promise.resolve(null),
        isProcessAdmin(actor) || actor.groups.includes(Groups.integration)
          ? engine.instances.acceptedEvents(instance.id)
          : Promise.resolve([]),
        definitions.get(instance.processKey, instance.version),
        engine.calendar.flagged({ instanceId: instance.id }),
        engine.instances.timers(instance.id),
      ]);
    return c.json(
      {
        ...base,
        definitionName: cached?.definition.name ?? null,
        tasks: await Promise.all(openTasks.items.map((t) => views.task(t, actor, references))),
        allowedEvents,
        parent: parent && canSeeInstance(actor, parent) ? await views.instanceRef(parent) : null,
        children: await Promise.all(children.items.map((child) => views.instanceRef(child))),
        ballots: instance.ballots,
        calendarIncomplete: flagged.map(({ kind, state, name, dueAt }) => ({
          kind,
          state,
          name,
          dueAt: dueAt.toISOString(),
        })),
        timers: timers.map((t) => ({ ...t, dueAt: t.dueAt.toISOString() })),
      },
      200,
    );
  });

  router.openapi(historyRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await readableInstance(engine, actor, c.req.valid("param").id);
    const entries = await engine.instances.history(instance.id);
    return c.json({ items: await views.history(entries, instance, actor) }, 200);
  });

  router.openapi(sendRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const { id } = c.req.valid("param");
    const { type, data, idempotencyKey } = c.req.valid("json");
    // Only to an instance the caller may read (403 like a read); the engine checks the event itself.
    await readableInstance(engine, actor, id);
    const instance = await engine.instances.send(
      id,
      { type, ...(data ? { data } : {}) },
      { actor, ...(idempotencyKey ? { idempotencyKey } : {}) },
    );
    return c.json(await views.instance(instance, actor), 200);
  });

  router.openapi(terminateRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await engine.instances.terminate(c.req.valid("param").id, {
      actor,
      reason: c.req.valid("json").reason,
    });
    return c.json(await views.instance(instance, actor), 200);
  });

  router.openapi(retryRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await engine.instances.retry(c.req.valid("param").id, { actor });
    return c.json(await views.instance(instance, actor), 200);
  });

  return router;
}
