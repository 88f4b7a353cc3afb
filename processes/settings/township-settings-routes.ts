/**
 * `/api/township-settings`: the township's rules the processes follow. Township staff read
 * them; `process-admin` changes them (a bad value: 400 with the field's problem in Chinese).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { Groups } from "../../api/app-env.js";
import { requireGroups } from "../../api/auth/authenticate.js";
import { createRouter } from "../../api/router.js";
import {
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../../api/schemas/common-schemas.js";
import {
  ESCALATION_AFTER_EXTENSION,
  type TownshipSettings,
  type TownshipSettingsState,
} from "./township-settings.js";

const tags = ["township-settings"];

const EscalationAfterExtensionSchema = z
  .enum(ESCALATION_AFTER_EXTENSION, {
    error: "应为 end（延期获批即结束督办）或 continue（暂停督办，再逾期时在原级别继续）",
  })
  .openapi({
    description:
      "An approved rectification extension ends a running escalation (end) or suspends it until the hazard is overdue again (continue)",
  });

const TownshipRulesBodySchema = z
  .strictObject(
    { escalationAfterExtension: EscalationAfterExtensionSchema.optional() },
    { error: "只能设置 escalationAfterExtension（延期获批后的督办）" },
  )
  .refine((b) => b.escalationAfterExtension !== undefined, {
    message: "请设置 escalationAfterExtension（延期获批后的督办）",
  })
  .openapi("TownshipRulesChange", { example: { escalationAfterExtension: "continue" } });

const TownshipSettingsSchema = z
  .object({
    escalationAfterExtension: z.enum(ESCALATION_AFTER_EXTENSION),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi("TownshipSettings");

/** `GET /api/township-settings` as the web app receives it. */
export type TownshipSettingsJson = z.infer<typeof TownshipSettingsSchema>;
/** `PUT /api/township-settings`'s body. */
export type TownshipRulesChange = z.infer<typeof TownshipRulesBodySchema>;

const settingsJson = (s: TownshipSettingsState): TownshipSettingsJson => ({
  ...s,
  updatedAt: s.updatedAt?.toISOString() ?? null,
});

const routes = {
  get: createRoute({
    method: "get",
    path: "/township-settings",
    tags,
    summary: "The township's rules the processes follow",
    security: Security,
    middleware: [
      requireGroups(Groups.processAdmin, "safety-office", "township-leader", "directory-admin"),
    ] as const,
    responses: {
      200: jsonResponse(TownshipSettingsSchema, "The rules (defaults when never set)"),
      ...problemResponses(401, 403, 503),
    },
  }),
  set: createRoute({
    method: "put",
    path: "/township-settings",
    tags,
    summary: "Change the township's rules",
    security: Security,
    middleware: [requireGroups(Groups.processAdmin)] as const,
    request: { body: jsonBody(TownshipRulesBodySchema) },
    responses: {
      200: jsonResponse(TownshipSettingsSchema, "The rules after the change"),
      ...problemResponses(400, 401, 403, 415, 503),
    },
  }),
};

export function townshipSettingsRoutes(settings: TownshipSettings) {
  const router = createRouter();
  router.openapi(routes.get, async (c) => c.json(settingsJson(await settings.get()), 200));
  router.openapi(routes.set, async (c) =>
    c.json(settingsJson(await settings.set(c.req.valid("json"), c.get("user").id)), 200),
  );
  return router;
}
