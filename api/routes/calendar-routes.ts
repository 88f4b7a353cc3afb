/**
 * `/calendar/{year}`: the working calendar's holidays and 调休 make-up days. Every
 * signed-in user reads; members of `calendar-admin` replace a year.
 */
import { createRoute } from "@hono/zod-openapi";
import type { ApiDeps } from "../api-deps.js";
import { actorOf, Groups } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import {
  CalendarAuditSchema,
  CalendarChangeSchema,
  CalendarPutBodySchema,
  CalendarYearParamSchema,
  CalendarYearSchema,
  calendarYearJson,
} from "../schemas/calendar-schemas.js";
import { Security, jsonResponse, problemResponses } from "../schemas/common-schemas.js";

const tags = ["calendar"];

const getRoute = createRoute({
  method: "get",
  path: "/calendar/{year}",
  tags,
  summary: "A year's holidays and make-up working days, and whether it is complete",
  security: Security,
  request: { params: CalendarYearParamSchema },
  responses: {
    200: jsonResponse(CalendarYearSchema, "The year"),
    ...problemResponses(400, 401, 503),
  },
});

const changesRoute = createRoute({
  method: "get",
  path: "/calendar/{year}/changes",
  tags,
  summary: "Who changed the year's calendar when, with its days before and after, newest first",
  security: Security,
  request: { params: CalendarYearParamSchema },
  responses: {
    200: jsonResponse(CalendarAuditSchema, "The changes"),
    ...problemResponses(400, 401, 503),
  },
});

const putRoute = createRoute({
  method: "put",
  path: "/calendar/{year}",
  tags,
  summary:
    "Replace a year's entered days; `complete: true` counts flagged due dates again (calendar-admin)",
  security: Security,
  middleware: [requireGroups(Groups.calendarAdmin)] as const,
  request: {
    params: CalendarYearParamSchema,
    // Checked by the engine (every field's problem, in Chinese), not here: documented only.
    body: {
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/CalendarPut" } } },
    },
  },
  responses: {
    200: jsonResponse(CalendarChangeSchema, "The year after the change"),
    ...problemResponses(400, 401, 403, 503),
  },
});

export function calendarRoutes({ engine }: ApiDeps) {
  const router = createRouter();
  router.openAPIRegistry.register("CalendarPut", CalendarPutBodySchema);

  router.openapi(getRoute, async (c) => {
    const { year } = c.req.valid("param");
    return c.json(calendarYearJson(await engine.calendar.get(year)), 200);
  });

  router.openapi(changesRoute, async (c) => {
    const { year } = c.req.valid("param");
    const changes = await engine.calendar.changes(year);
    return c.json({ items: changes.map((e) => ({ ...e, at: e.at.toISOString() })) }, 200);
  });

  router.openapi(putRoute, async (c) => {
    const { year } = c.req.valid("param");
    const body: unknown = await c.req.json().catch(() => {
      throw new ProblemError(
        problem(400, "the request body is not JSON", {
          kind: "validation",
          code: "VALIDATION",
          errors: [{ path: "body", message: "请求体应为 JSON" }],
        }),
      );
    });
    const change = await engine.calendar.put(year, body, actorOf(c.get("user")));
    return c.json(calendarYearJson(change), 200);
  });

  return router;
}
