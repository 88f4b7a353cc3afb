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
  SchedulePauseBodySchema,
  ScheduleResumeBodySchema,
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

const actionRoute = <B extends typeof SchedulePauseBodySchema | typeof ScheduleResumeBodySchema>(
  action: "pause" | "resume",
  body: B,
) =>
  createRoute({
    method: "post",
    path: `/schedules/{processKey}/{scheduleKey}/${action}`,
    tags,
    summary:
      action === "pause"
        ? "Pause a schedule: it fires nothing until resumed (process-admin; the reason is required)"
        : "Resume a schedule from its next slot; the pause's slots are not caught up (process-admin)",
    security: Security,
    middleware: [requireGroups(Groups.processAdmin)] as const,
    request: {
      params: ScheduleParamSchema,
      headers: IdempotencyHeaderSchema,
      body: { ...jsonBody(body), required: action === "pause" },
    },
    responses: {
      200: jsonResponse(ScheduleSchema, "The schedule after the change"),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });

const pauseRoute = actionRoute("pause", SchedulePauseBodySchema);
const resumeRoute = actionRoute("resume", ScheduleResumeBodySchema);

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

  router.openapi(pauseRoute, async (c) => {
    const { processKey, scheduleKey } = c.req.valid("param");
    const { reason } = c.req.valid("json") as { reason: string };
    const actor = actorOf(c.get("user"));
    return c.json(
      scheduleJson(await engine.schedules.pause(processKey, scheduleKey, { actor, reason })),
      200,
    );
  });

  router.openapi(resumeRoute, async (c) => {
    const { processKey, scheduleKey } = c.req.valid("param");
    // The body is optional: the router has checked one that is there.
    const body = (await c.req.json().catch(() => ({}))) as { reason?: string } | null;
    const reason = body?.reason?.trim() || undefined;
    const actor = actorOf(c.get("user"));
    return c.json(
      scheduleJson(await engine.schedules.resume(processKey, scheduleKey, { actor, reason })),
      200,
    );
  });

  return router;
}
