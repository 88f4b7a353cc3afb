/**
 * Where notifications go (process-admin): `/channels` (webhook, WeCom and DingTalk robots,
 * SMS; URL and secret stored encrypted, never returned), `/deliveries` (what was not
 * delivered and why; a dead one retried), and `/instances/{id}/deliveries` for anyone who
 * may read the case (its notifications: sent, pending, dead, read).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../api-deps.js";
import { actorOf, Groups } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { createRouter } from "../router.js";
import {
  ChannelChangesSchema,
  ChannelSchema,
  DeliveryQuerySchema,
  DeliverySchema,
  NewChannelSchema,
  channelJson,
  deliveryJson,
} from "../schemas/notification-schemas.js";
import {
  Security,
  UuidParamSchema,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import { isProcessAdmin } from "../visibility.js";
import { readableInstance } from "./instance-routes.js";

const tags = ["notifications"];

const listRoute = createRoute({
  method: "get",
  path: "/channels",
  tags,
  summary: "The notification channels (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(ChannelSchema), types: z.array(z.string()) }),
      "The channels and the types senders exist for",
    ),
    ...problemResponses(401, 403, 503),
  },
});

const createChannelRoute = createRoute({
  method: "post",
  path: "/channels",
  tags,
  summary: "Add a channel serving groups or users (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { body: jsonBody(NewChannelSchema) },
  responses: {
    201: jsonResponse(ChannelSchema, "The channel (no URL query, no secret)"),
    ...problemResponses(400, 401, 403, 409, 503),
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/channels/{id}",
  tags,
  summary:
    "Change a channel; `secret: null` removes the secret, an omitted one keeps it (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { params: UuidParamSchema, body: jsonBody(ChannelChangesSchema) },
  responses: {
    200: jsonResponse(ChannelSchema, "The channel"),
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/channels/{id}",
  tags,
  summary: "Remove a channel; its undelivered messages become dead (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { params: UuidParamSchema },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404, 503) },
});

const deliveriesRoute = createRoute({
  method: "get",
  path: "/deliveries",
  tags,
  summary:
    "Deliveries, newest first; `status=dead` lists what was not delivered and why (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { query: DeliveryQuerySchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(DeliverySchema) }), "The deliveries"),
    ...problemResponses(400, 401, 403, 503),
  },
});

const retryRoute = createRoute({
  method: "post",
  path: "/deliveries/{id}/retry",
  tags,
  summary: "Try a dead delivery again now, its attempts counted afresh (process-admin)",
  security: Security,
  middleware: [requireGroups(Groups.processAdmin)] as const,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(DeliverySchema, "The delivery, pending"),
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
});

const instanceDeliveriesRoute = createRoute({
  method: "get",
  path: "/instances/{id}/deliveries",
  tags,
  summary: "The case's notifications: to whom, on which channel, sent, pending, dead or read",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(DeliverySchema) }), "The deliveries, newest first"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

export function channelRoutes({ engine }: ApiDeps) {
  const router = createRouter();
  const { channels, deliveries } = engine.notifications;

  router.openapi(listRoute, async (c) =>
    c.json(
      {
        items: (await channels.list()).map(channelJson),
        types: engine.notifications.channelTypes(),
      },
      200,
    ),
  );
  router.openapi(createChannelRoute, async (c) =>
    c.json(channelJson(await channels.create(c.req.valid("json"))), 201),
  );
  router.openapi(updateRoute, async (c) =>
    c.json(channelJson(await channels.update(c.req.valid("param").id, c.req.valid("json"))), 200),
  );
  router.openapi(deleteRoute, async (c) => {
    await channels.remove(c.req.valid("param").id);
    return c.body(null, 204);
  });
  router.openapi(deliveriesRoute, async (c) =>
    c.json({ items: (await deliveries.list(c.req.valid("query"))).map(deliveryJson) }, 200),
  );
  router.openapi(retryRoute, async (c) =>
    c.json(deliveryJson(await deliveries.retry(c.req.valid("param").id)), 200),
  );
  router.openapi(instanceDeliveriesRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await readableInstance(engine, actor, c.req.valid("param").id);
    const items = await deliveries.list({ instanceId: instance.id, limit: 500 });
    // A receiver's error text is for admins (the dead-letter page), not for every reader of the case.
    const shown = isProcessAdmin(actor) ? items : items.map((d) => ({ ...d, lastError: null }));
    return c.json({ items: shown.map(deliveryJson) }, 200);
  });

  return router;
}
