/**
 * The signed-in user's message centre: `GET /notifications` (filters: unread, process,
 * dates), `POST /notifications/{id}/read`, `POST /notifications/read-all`. Changes are
 * announced on the event stream as `notifications.changed`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../api-deps.js";
import { createRouter } from "../router.js";
import {
  NotificationPageSchema,
  NotificationQuerySchema,
  NotificationSchema,
  notificationJson,
} from "../schemas/notification-schemas.js";
import {
  Security,
  UuidParamSchema,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";

const tags = ["notifications"];
const DAY = 24 * 60 * 60 * 1000;
const BEIJING = 8 * 60 * 60 * 1000;

/** A Beijing calendar date's first instant. */
const startOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING);

const listRoute = createRoute({
  method: "get",
  path: "/notifications",
  tags,
  summary: "My notifications, newest first, and my unread count",
  security: Security,
  request: { query: NotificationQuerySchema },
  responses: {
    200: jsonResponse(NotificationPageSchema, "A page of notifications"),
    ...problemResponses(400, 401, 503),
  },
});

const readRoute = createRoute({
  method: "post",
  path: "/notifications/{id}/read",
  tags,
  summary: "Mark one of my notifications read",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(NotificationSchema, "The notification, read"),
    ...problemResponses(400, 401, 404, 503),
  },
});

const readAllRoute = createRoute({
  method: "post",
  path: "/notifications/read-all",
  tags,
  summary: "Mark all my notifications read",
  security: Security,
  responses: {
    200: jsonResponse(
      z.object({ marked: z.number().int(), unread: z.number().int() }),
      "How many were marked",
    ),
    ...problemResponses(401, 503),
  },
});

export function notificationRoutes({ engine }: ApiDeps) {
  const router = createRouter();
  const inbox = engine.notifications.inbox;

  router.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await inbox.list(c.get("user").id, {
      unread: q.unread === "true" || q.unread === "1",
      processKey: q.processKey,
      from: q.from ? startOfDay(q.from) : undefined,
      to: q.to ? new Date(startOfDay(q.to).getTime() + DAY) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json({ ...page, items: page.items.map(notificationJson) }, 200);
  });

  router.openapi(readRoute, async (c) => {
    const message = await inbox.markRead(c.get("user").id, c.req.valid("param").id);
    return c.json(notificationJson(message), 200);
  });

  router.openapi(readAllRoute, async (c) => {
    const userId = c.get("user").id;
    const marked = await inbox.markAllRead(userId);
    return c.json({ marked, unread: await inbox.unreadCount(userId) }, 200);
  });

  return router;
}
