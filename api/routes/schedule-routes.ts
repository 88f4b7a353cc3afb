/**
 * `/schedules`: the schedules of the published definitions, with their rule in words and
 * next ten slots (every signed-in user reads), paused and resumed by `process-admin`,
 * each change audited (who, when, why).
 */
import { createRoute } from "@hono/zod-openapi";
import type { ApiDeps } from "../api-deps.js";
import { actorOf, Groups } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { createRouter } from "../router.js";
import {
  IdempotencyHeaderSchema,
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import {
  ScheduleActionBodySchema,
  ScheduleAuditSchema,
  ScheduleListQuerySchema,
  ScheduleListSchema,
  ScheduleParamSchema,
  ScheduleSchema,
  scheduleAuditJson,
  scheduleJson,
} from "../schemas/schedule-schemas.js";

const tags = ["schedules"];

const listRoute = createRoute({
  method: "get",
  path: "/schedules",
  tags,
  summary: "Schedules of the published definitions (or of one), with the sources they may use",
  security: Security,
  request: { query: ScheduleListQuerySchema },
  responses: {
    200: jsonResponse(ScheduleListSchema, "The schedules"),
    ...problemResponses(400, 401),
  },
});

const auditRoute = createRoute({
  method: "get",
  path: "/schedules/{processKey}/{scheduleKey}/audit",
  tags,
  summary: "Pauses and resumes of a schedule, newest first",
  security: Security,
  request: { params: ScheduleParamSchema },
  responses: {
    200: jsonResponse(ScheduleAuditSchema, "The changes"),
    ...problemResponses(400, 401),
  },
});

const actionRoute = (action: "pause" | "resume") =>
  createRoute({
    method: "post",
    path: `/schedules/{processKey}/{scheduleKey}/${action}`,
    tags,
    summary:
      action === "pause"
        ? "Pause a schedule: it fires nothing until resumed (process-admin)"
        : "Resume a schedule from its next slot; the pause's slots are not caught up (process-admin)",
    security: Security,
    middleware: [requireGroups(Groups.processAdmin)] as const,
    request: {
      params: ScheduleParamSchema,
      headers: IdempotencyHeaderSchema,
      body: { ...jsonBody(ScheduleActionBodySchema), required: false },
    },
    responses: {
      200: jsonResponse(ScheduleSchema, "The schedule after the change"),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });

export function scheduleRoutes({ engine }: ApiDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const { processKey } = c.req.valid("query");
    const items = await engine.schedules.list(processKey ? { processKey } : {});
    return c.json({ items: items.map(scheduleJson), sources: engine.schedules.sources() }, 200);
  });

  router.openapi(auditRoute, async (c) => {
    const { processKey, scheduleKey } = c.req.valid("param");
    return c.json(scheduleAuditJson(await engine.schedules.audit(processKey, scheduleKey)), 200);
  });

  for (const action of ["pause", "resume"] as const) {
    router.openapi(actionRoute(action), async (c) => {
      const { processKey, scheduleKey } = c.req.valid("param");
      const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown } | null;
      // The router has checked a body that is there against ScheduleActionBodySchema.
      const reason = typeof body?.reason === "string" ? body.reason : undefined;
      const actor = actorOf(c.get("user"));
      const status = await engine.schedules[action](processKey, scheduleKey, { actor, reason });
      return c.json(scheduleJson(status), 200);
    });
  }

  return router;
}
