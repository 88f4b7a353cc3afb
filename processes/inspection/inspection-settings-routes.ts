/**
 * `/api/inspection-settings`: whether 班组日排查 and 部门周排查 run, per industry and per
 * enterprise. Township staff read the list; an enterprise's own setting is read by whoever
 * may read the enterprise; `directory-admin` and `process-admin` switch them.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { actorOf, Groups } from "../../api/app-env.js";
import { requireGroups } from "../../api/auth/authenticate.js";
import { createRouter } from "../../api/router.js";
import {
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../../api/schemas/common-schemas.js";
import type { Directory } from "../directory/directory.js";
import { EnterpriseIdSchema } from "../directory/directory-schemas.js";
import type { InspectionSetting, InspectionSettings } from "./inspection-settings.js";

const tags = ["inspections"];
const admins = requireGroups("directory-admin", Groups.processAdmin);

const SwitchSchema = z
  .boolean({ error: "应为 true（开启）、false（关闭）或 null（不单独设置）" })
  .nullable();

const SwitchesBodySchema = z
  .strictObject(
    {
      daily: SwitchSchema.optional().openapi({
        description: "班组日排查; null: follow the industry",
      }),
      weekly: SwitchSchema.optional().openapi({
        description: "部门周排查; null: follow the industry",
      }),
    },
    { error: "只能设置 daily（日排查）和 weekly（周排查）" },
  )
  .refine((b) => b.daily !== undefined || b.weekly !== undefined, {
    message: "请至少设置 daily（日排查）或 weekly（周排查）之一",
  })
  .openapi("InspectionSwitches", { example: { daily: true, weekly: false } });

export const InspectionSettingSchema = z
  .object({
    scope: z.enum(["industry", "enterprise"]),
    id: z.string().openapi({ description: "The industry's name or the enterprise's id" }),
    daily: z.boolean().nullable(),
    weekly: z.boolean().nullable(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi("InspectionSetting");

const EnterpriseSettingSchema = z
  .object({
    own: InspectionSettingSchema,
    industry: InspectionSettingSchema,
    effective: z.object({ daily: z.boolean(), weekly: z.boolean() }),
  })
  .openapi("EnterpriseInspectionSetting");

/** `GET /api/inspection-settings/enterprises/{id}` as the web app receives it. */
export type EnterpriseInspectionSettingJson = z.infer<typeof EnterpriseSettingSchema>;

const IndustryParam = z.object({
  industry: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "industry", in: "path" }, example: "危险化学品" }),
});
const IdParam = z.object({
  id: EnterpriseIdSchema.openapi({ param: { name: "id", in: "path" } }),
});

const settingJson = (s: InspectionSetting) => ({
  ...s,
  updatedAt: s.updatedAt?.toISOString() ?? null,
});

const routes = {
  list: createRoute({
    method: "get",
    path: "/inspection-settings",
    tags,
    summary: "Every industry's daily/weekly inspection switches and every enterprise's own",
    security: Security,
    middleware: [requireGroups("directory-admin", Groups.processAdmin, "safety-office")] as const,
    responses: {
      200: jsonResponse(
        z.object({
          industries: z.array(InspectionSettingSchema),
          enterprises: z.array(InspectionSettingSchema),
        }),
        "The settings (industries not set have nulls: off)",
      ),
      ...problemResponses(401, 403, 503),
    },
  }),
  setIndustry: createRoute({
    method: "put",
    path: "/inspection-settings/industries/{industry}",
    tags,
    summary: "Switch an industry's 班组日排查 / 部门周排查 on or off (null: off)",
    security: Security,
    middleware: [admins] as const,
    request: { params: IndustryParam, body: jsonBody(SwitchesBodySchema) },
    responses: {
      200: jsonResponse(InspectionSettingSchema, "The industry's setting"),
      ...problemResponses(400, 401, 403, 415, 503),
    },
  }),
  getEnterprise: createRoute({
    method: "get",
    path: "/inspection-settings/enterprises/{id}",
    tags,
    summary: "An enterprise's switches: its own, its industry's and what it runs",
    security: Security,
    request: { params: IdParam },
    responses: {
      200: jsonResponse(EnterpriseSettingSchema, "The enterprise's setting"),
      ...problemResponses(400, 401, 404, 503),
    },
  }),
  setEnterprise: createRoute({
    method: "put",
    path: "/inspection-settings/enterprises/{id}",
    tags,
    summary: "Switch one enterprise's 班组日排查 / 部门周排查 (null: as its industry)",
    security: Security,
    middleware: [admins] as const,
    request: { params: IdParam, body: jsonBody(SwitchesBodySchema) },
    responses: {
      200: jsonResponse(EnterpriseSettingSchema, "The enterprise's setting"),
      ...problemResponses(400, 401, 403, 404, 415, 503),
    },
  }),
};

export function inspectionSettingsRoutes(directory: Directory, settings: InspectionSettings) {
  const router = createRouter();

  async function ofEnterprise(id: string, actor: ReturnType<typeof actorOf>) {
    // 404 for an enterprise the caller may not read.
    const enterprise = await directory.enterprises.get(id, actor);
    const own = await settings.get("enterprise", id);
    const industry = await settings.get("industry", enterprise.industry);
    const effective = (await settings.effective([enterprise])).get(id)!;
    return { own: settingJson(own), industry: settingJson(industry), effective };
  }

  router.openapi(routes.list, async (c) => {
    const { industries, enterprises } = await settings.list();
    return c.json(
      { industries: industries.map(settingJson), enterprises: enterprises.map(settingJson) },
      200,
    );
  });
  router.openapi(routes.setIndustry, async (c) => {
    const { industry } = c.req.valid("param");
    const setting = await settings.set(
      { scope: "industry", id: industry },
      c.req.valid("json"),
      c.get("user").id,
    );
    return c.json(settingJson(setting), 200);
  });
  router.openapi(routes.getEnterprise, async (c) =>
    c.json(await ofEnterprise(c.req.valid("param").id, actorOf(c.get("user"))), 200),
  );
  router.openapi(routes.setEnterprise, async (c) => {
    const { id } = c.req.valid("param");
    const actor = actorOf(c.get("user"));
    await directory.enterprises.get(id, actor);
    await settings.set({ scope: "enterprise", id }, c.req.valid("json"), actor.id);
    return c.json(await ofEnterprise(id, actor), 200);
  });
  return router;
}
