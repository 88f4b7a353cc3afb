/**
 * Outside `/api`: `GET /healthz` (database reachable) and `GET /metrics` (Prometheus text).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../engine/engine.js";
import type { Metrics } from "../metrics.js";
import { createRouter } from "../router.js";
import { jsonResponse } from "../schemas/common-schemas.js";
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    database: z.string(),
    reason: z.string().optional().openapi({
      description: "When unavailable: no answer in time, or the driver's error code",
      example: "cannot connect (ECONNREFUSED)",
    }),
  })
  .openapi("Health");

/** Why the database does not answer, without its address (healthz needs no login). */
function unavailableReason(error: unknown): string {
  if (error instanceof Error && error.message === "timeout") return "no answer within 3 s";
  for (let e = error; typeof e === "object" && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return `cannot connect (${code})`;
  }
  return "cannot connect";
}

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Whether the server can reach its database",
  responses: {
    200: jsonResponse(HealthSchema, "The database answers"),
    503: jsonResponse(HealthSchema, "The database does not answer"),
  },
});

const LOCAL_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1", "unknown"]);

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["operations"],
  summary: "Prometheus metrics",
  responses: {
    200: {
      description: "Prometheus text format",
      content: { "text/plain": { schema: z.string() } },
    },
    401: {
      description: "No or a wrong metrics token (or, without one set, not from this machine)",
    },
  },
});

/**
 * `/metrics` is readable with `Authorization: Bearer <metricsToken>` when a token is set, and
 * otherwise only from this machine (loopback, or an in-process request).
 */
export function operationsRoutes(
  engine: Engine,
  metrics: Metrics,
  access: { metricsToken?: string; clientAddress: (c: Context) => string },
) {
  const router = createRouter();
  const expected = access.metricsToken ? Buffer.from(`Bearer ${access.metricsToken}`) : null;
  const metricsAllowed = (c: Context): boolean => {
    if (expected) {
      const given = Buffer.from(c.req.header("Authorization") ?? "");
      return given.length === expected.length && timingSafeEqual(given, expected);
    }
    return LOCAL_ADDRESSES.has(access.clientAddress(c));
  };

  router.openapi(healthRoute, async (c) => {
    const database = engine.database.kind;
    try {
      await Promise.race([
        engine.maintenance.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3000).unref()),
      ]);
      return c.json({ status: "ok" as const, database }, 200);
    } catch (error) {
      return c.json(
        { status: "unavailable" as const, database, reason: unavailableReason(error) },
        503,
      );
    }
  });

  router.openapi(metricsRoute, async (c) => {
    if (!metricsAllowed(c)) {
      return c.text("metrics need ZHIBEN_METRICS_TOKEN as a bearer token", 401, {
        "WWW-Authenticate": 'Bearer realm="metrics"',
      });
    }
    const text = await metrics.registry.metrics();
    return c.text(text, 200, { "Content-Type": metrics.registry.contentType });
  });

  return router;
}
