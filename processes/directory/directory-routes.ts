/**
 * `/api/villages`, `/api/enterprises` and `/api/directory/*`: every signed-in user reads
 * what the directory's scope allows; `directory-admin` creates, changes and links users.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { actorOf } from "../../api/app-env.js";
import { requireGroups } from "../../api/auth/authenticate.js";
import { createRouter } from "../../api/router.js";
import {
  CursorSchema,
  IdempotencyHeaderSchema,
  LimitSchema,
  QueryBooleanSchema,
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
  queryFlag,
} from "../../api/schemas/common-schemas.js";
import { UsernameSchema } from "../../api/schemas/user-schemas.js";
import type { Views } from "../../api/views.js";
import { InstanceRefSchema } from "../../api/schemas/instance-schemas.js";

/** A case on the 一企一档 page: with its 整改期限 and whether it is overdue (shown red). */
const EnterpriseCaseSchema = InstanceRefSchema.extend({
  rectifyDeadline: z.string().nullable(),
  overdue: z.boolean(),
}).openapi("EnterpriseCase");
import type { Clock } from "../../engine/clock.js";
import type { Engine } from "../../engine/engine.js";
import type { Db } from "../../engine/store/database.js";
import type { Directory } from "./directory.js";
import { workbookRoutes } from "./workbook-routes.js";
import {
  EnterpriseChangesSchema,
  EnterpriseIdSchema,
  EnterpriseSchema,
  EnterpriseStatusSchema,
  NamedDirectoryChangeSchema,
  NewEnterpriseSchema,
  NewVillageSchema,
  VillageChangesSchema,
  VillageCodeSchema,
  VillageSchema,
} from "./directory-schemas.js";

export const DIRECTORY_ADMIN = "directory-admin";
const admin = requireGroups(DIRECTORY_ADMIN);
const tags = ["directory"];

const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

const CodeParam = z.object({
  code: VillageCodeSchema.openapi({ param: { name: "code", in: "path" } }),
});
const IdParam = z.object({
  id: EnterpriseIdSchema.openapi({ param: { name: "id", in: "path" } }),
});
const UserParam = z.object({
  userId: UsernameSchema.openapi({ param: { name: "userId", in: "path" } }),
});
const SearchQuery = z.object({
  q: z.string().max(100).optional().openapi({
    description: "Part of the name, of the credit code, or of the name's pinyin initials",
  }),
  cursor: CursorSchema.optional(),
  limit: LimitSchema.optional(),
});

const MembershipSchema = z
  .object({
    userId: z.string(),
    enterpriseId: z.string().nullable(),
    villageCode: z.string().nullable(),
    group: z.string().nullable(),
  })
  .openapi("Membership");
const LinkBodySchema = z
  .union([
    z.object({ enterpriseId: EnterpriseIdSchema }).strict(),
    z.object({ villageCode: VillageCodeSchema }).strict(),
  ])
  .openapi("MemberPlace", {
    description: "The enterprise the user acts for, or the village whose grid officer they are",
  });

const routes = {
  listVillages: createRoute({
    method: "get",
    path: "/villages",
    tags,
    summary: "Villages and communities, by pinyin order; search by name, code or initials",
    security: Security,
    request: { query: SearchQuery },
    responses: {
      200: jsonResponse(page(VillageSchema, "VillagePage"), "A page of villages"),
      ...problemResponses(400, 401, 503),
    },
  }),
  getVillage: createRoute({
    method: "get",
    path: "/villages/{code}",
    tags,
    summary: "One village",
    security: Security,
    request: { params: CodeParam },
    responses: {
      200: jsonResponse(VillageSchema, "The village"),
      ...problemResponses(400, 401, 404, 503),
    },
  }),
  createVillage: createRoute({
    method: "post",
    path: "/villages",
    tags,
    summary: "File a village or community",
    security: Security,
    middleware: [admin] as const,
    request: { headers: IdempotencyHeaderSchema, body: jsonBody(NewVillageSchema) },
    responses: {
      201: jsonResponse(VillageSchema, "The new village"),
      ...problemResponses(400, 401, 403, 409, 415, 503),
    },
  }),
  updateVillage: createRoute({
    method: "patch",
    path: "/villages/{code}",
    tags,
    summary: "Rename a village (its code, group and cases stay)",
    security: Security,
    middleware: [admin] as const,
    request: { params: CodeParam, body: jsonBody(VillageChangesSchema) },
    responses: {
      200: jsonResponse(VillageSchema, "The village after the change"),
      ...problemResponses(400, 401, 403, 404, 415, 503),
    },
  }),
  listEnterprises: createRoute({
    method: "get",
    path: "/enterprises",
    tags,
    summary: "Enterprises the caller may read, by pinyin order, with search and filters",
    security: Security,
    request: {
      query: SearchQuery.extend({
        village: VillageCodeSchema.optional(),
        industry: z.string().max(100).optional(),
        highRisk: QueryBooleanSchema.optional(),
        status: EnterpriseStatusSchema.optional(),
      }),
    },
    responses: {
      200: jsonResponse(page(EnterpriseSchema, "EnterprisePage"), "A page of enterprises"),
      ...problemResponses(400, 401, 503),
    },
  }),
  getEnterprise: createRoute({
    method: "get",
    path: "/enterprises/{id}",
    tags,
    summary: "One enterprise (404 when the caller may not read it)",
    security: Security,
    request: { params: IdParam },
    responses: {
      200: jsonResponse(EnterpriseSchema, "The enterprise"),
      ...problemResponses(400, 401, 404, 503),
    },
  }),
  createEnterprise: createRoute({
    method: "post",
    path: "/enterprises",
    tags,
    summary: "File an enterprise (id generated when absent)",
    security: Security,
    middleware: [admin] as const,
    request: { headers: IdempotencyHeaderSchema, body: jsonBody(NewEnterpriseSchema) },
    responses: {
      201: jsonResponse(EnterpriseSchema, "The new enterprise"),
      ...problemResponses(400, 401, 403, 409, 415, 503),
    },
  }),
  updateEnterprise: createRoute({
    method: "patch",
    path: "/enterprises/{id}",
    tags,
    summary: "Change an enterprise's record (a rename changes no group and no case)",
    security: Security,
    middleware: [admin] as const,
    request: { params: IdParam, body: jsonBody(EnterpriseChangesSchema) },
    responses: {
      200: jsonResponse(EnterpriseSchema, "The enterprise after the change"),
      ...problemResponses(400, 401, 403, 404, 409, 415, 503),
    },
  }),
  enterpriseHistory: createRoute({
    method: "get",
    path: "/enterprises/{id}/history",
    tags,
    summary: "Who changed the record, when and what, newest first",
    security: Security,
    request: { params: IdParam },
    responses: {
      200: jsonResponse(z.object({ items: z.array(NamedDirectoryChangeSchema) }), "The changes"),
      ...problemResponses(400, 401, 404, 503),
    },
  }),
  cases: createRoute({
    method: "get",
    path: "/enterprises/{id}/cases",
    tags,
    summary:
      "一企一档: the enterprise's open hazards, running escalations and accidents the caller may see",
    security: Security,
    request: { params: IdParam },
    responses: {
      200: jsonResponse(
        z.object({
          hazards: z.array(EnterpriseCaseSchema),
          escalations: z.array(EnterpriseCaseSchema),
          accidents: z.array(EnterpriseCaseSchema),
        }),
        "The cases",
      ),
      ...problemResponses(400, 401, 404, 503),
    },
  }),
  industries: createRoute({
    method: "get",
    path: "/directory/industries",
    tags,
    summary: "The industries an enterprise may be filed under",
    security: Security,
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(
            z.object({ name: z.string(), code: z.string().optional(), highRisk: z.boolean() }),
          ),
        }),
        "The configured list",
      ),
      ...problemResponses(401, 503),
    },
  }),
  getMember: createRoute({
    method: "get",
    path: "/directory/members/{userId}",
    tags,
    summary: "A user's place in the directory",
    security: Security,
    middleware: [admin] as const,
    request: { params: UserParam },
    responses: {
      200: jsonResponse(MembershipSchema, "The membership (nulls when unlinked)"),
      ...problemResponses(400, 401, 403, 503),
    },
  }),
  link: createRoute({
    method: "put",
    path: "/directory/members/{userId}",
    tags,
    summary: "Link a user to an enterprise or a village: the user's directory group follows",
    security: Security,
    middleware: [admin] as const,
    request: { params: UserParam, body: jsonBody(LinkBodySchema) },
    responses: {
      200: jsonResponse(MembershipSchema, "The membership"),
      ...problemResponses(400, 401, 403, 404, 415, 503),
    },
  }),
  unlink: createRoute({
    method: "delete",
    path: "/directory/members/{userId}",
    tags,
    summary: "Unlink a user: their directory group is taken away",
    security: Security,
    middleware: [admin] as const,
    request: { params: UserParam },
    responses: {
      200: jsonResponse(MembershipSchema, "The membership, now empty"),
      ...problemResponses(400, 401, 403, 404, 503),
    },
  }),
};

export function directoryRoutes(
  directory: Directory,
  options: { db: Db; clock: Clock; engine: Engine; views: Views },
) {
  const router = createRouter();
  // Before `/enterprises/{id}`, which would otherwise take `export.xlsx` for an id.
  router.route("/", workbookRoutes(directory, options));
  const { villages, enterprises, members } = directory;

  router.openapi(routes.listVillages, async (c) =>
    c.json(await villages.list(c.req.valid("query")), 200),
  );
  router.openapi(routes.getVillage, async (c) =>
    c.json(await villages.get(c.req.valid("param").code), 200),
  );
  router.openapi(routes.createVillage, async (c) =>
    c.json(await villages.create(c.req.valid("json"), c.get("user").id), 201),
  );
  router.openapi(routes.updateVillage, async (c) =>
    c.json(
      await villages.update(c.req.valid("param").code, c.req.valid("json"), c.get("user").id),
      200,
    ),
  );

  router.openapi(routes.listEnterprises, async (c) => {
    const { highRisk, ...query } = c.req.valid("query");
    const flag = queryFlag(highRisk);
    return c.json(
      await enterprises.list(
        { ...query, ...(flag === undefined ? {} : { highRisk: flag }) },
        actorOf(c.get("user")),
      ),
      200,
    );
  });
  router.openapi(routes.getEnterprise, async (c) =>
    c.json(await enterprises.get(c.req.valid("param").id, actorOf(c.get("user"))), 200),
  );
  router.openapi(routes.createEnterprise, async (c) =>
    c.json(await enterprises.create(c.req.valid("json"), c.get("user").id), 201),
  );
  router.openapi(routes.updateEnterprise, async (c) =>
    c.json(
      await enterprises.update(c.req.valid("param").id, c.req.valid("json"), c.get("user").id),
      200,
    ),
  );
  router.openapi(routes.enterpriseHistory, async (c) => {
    const items = await enterprises.history(c.req.valid("param").id, actorOf(c.get("user")));
    const names = await options.engine.users.names([...new Set(items.map((i) => i.actor))]);
    return c.json(
      { items: items.map((i) => ({ ...i, actorName: names.get(i.actor) ?? null })) },
      200,
    );
  });
  router.openapi(routes.cases, async (c) => {
    const actor = actorOf(c.get("user"));
    const { id } = c.req.valid("param");
    await enterprises.get(id, actor);
    const cases = async (processKey: string, status?: "running") => {
      const page = await options.engine.instances.list({
        processKey,
        vars: { enterpriseId: id },
        visibleTo: actor,
        limit: 200,
        ...(status ? { status } : {}),
      });
      return Promise.all(
        page.items.map(async (i) => ({
          ...(await options.views.instanceRef(i)),
          rectifyDeadline:
            typeof i.vars.rectifyDeadline === "string" ? i.vars.rectifyDeadline : null,
          overdue: i.status === "running" && i.vars.overdue === true,
        })),
      );
    };
    return c.json(
      {
        hazards: await cases("hazard-closure", "running"),
        escalations: await cases("rectification-escalation", "running"),
        accidents: await cases("accident-investigation"),
      },
      200,
    );
  });
  router.openapi(routes.industries, (c) =>
    c.json(
      {
        items: directory.industries.map((i) => ({
          name: i.name,
          ...(i.code ? { code: i.code } : {}),
          highRisk: i.highRisk ?? false,
        })),
      },
      200,
    ),
  );

  router.openapi(routes.getMember, async (c) =>
    c.json(await members.of(c.req.valid("param").userId), 200),
  );
  router.openapi(routes.link, async (c) =>
    c.json(
      await members.link(c.req.valid("param").userId, c.req.valid("json"), c.get("user").id),
      200,
    ),
  );
  router.openapi(routes.unlink, async (c) =>
    c.json(await members.unlink(c.req.valid("param").userId, c.get("user").id), 200),
  );

  return router;
}
