/**
 * `/definitions`: read for everyone, drafts and publishing for `process-admin`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { NotFoundError } from "../../engine/errors.js";
import type { DraftDefinition } from "../../engine/types.js";
import type { ApiDeps } from "../api-deps.js";
import { Groups, actorOf, type AppEnv } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { rateLimit } from "../rate-limit.js";
import { createRouter } from "../router.js";
import {
  IdempotencyHeaderSchema,
  JsonObjectSchema,
  Security,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import {
  DefinitionKeyParamSchema,
  DefinitionSummarySchema,
  DraftSchema,
  PublishResultSchema,
  PublishedDefinitionSchema,
  SaveDraftBodySchema,
  SavedDraftSchema,
  ValidationResultSchema,
  VersionQuerySchema,
  VersionSchema,
} from "../schemas/definition-schemas.js";

const processAdmin = requireGroups(Groups.processAdmin);
const tags = ["definitions"];

const listRoute = createRoute({
  method: "get",
  path: "/definitions",
  tags,
  summary: "Process keys with their latest version and whether a draft exists",
  security: Security,
  responses: {
    200: jsonResponse(z.object({ items: z.array(DefinitionSummarySchema) }), "The definitions"),
    ...problemResponses(401, 503),
  },
});

const publishRoute = createRoute({
  method: "post",
  path: "/definitions",
  tags,
  summary: "Publish a whole definition; identical to the latest → that version",
  security: Security,
  middleware: [processAdmin] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: jsonBody(JsonObjectSchema.openapi("DefinitionJson")),
  },
  responses: {
    201: jsonResponse(PublishResultSchema, "A new version"),
    200: jsonResponse(PublishResultSchema, "Identical to the latest version"),
    ...problemResponses(400, 401, 403, 409, 415, 422, 503),
  },
});

/** Validating parses every expression: open to process admins only, and rate-limited per user. */
const validateLimit = { burst: 30, perMinute: 60 };

const validateRoute = (limit: MiddlewareHandler<AppEnv>) =>
  createRoute({
    method: "post",
    path: "/definitions/validate",
    tags,
    summary: `Every problem of a definition, with its path (process-admin; ${validateLimit.perMinute} a minute per user after a burst of ${validateLimit.burst}, then 429)`,
    security: Security,
    middleware: [processAdmin, limit] as const,
    request: { body: jsonBody(z.unknown().openapi({ type: "object" })) },
    responses: {
      200: jsonResponse(ValidationResultSchema, "The problems (empty when valid)"),
      ...problemResponses(400, 401, 403, 415, 429, 503),
    },
  });

const getRoute = createRoute({
  method: "get",
  path: "/definitions/{key}",
  tags,
  summary: "A published version (default: the latest)",
  security: Security,
  request: { params: DefinitionKeyParamSchema, query: VersionQuerySchema },
  responses: {
    200: jsonResponse(PublishedDefinitionSchema, "The definition"),
    ...problemResponses(400, 401, 404, 503),
  },
});

const versionsRoute = createRoute({
  method: "get",
  path: "/definitions/{key}/versions",
  tags,
  summary: "Every published version of a key",
  security: Security,
  request: { params: DefinitionKeyParamSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(VersionSchema) }), "The versions, oldest first"),
    ...problemResponses(400, 401, 404, 503),
  },
});

const getDraftRoute = createRoute({
  method: "get",
  path: "/definitions/{key}/draft",
  tags,
  summary: "The work-in-progress draft and its problems",
  security: Security,
  middleware: [processAdmin] as const,
  request: { params: DefinitionKeyParamSchema },
  responses: {
    200: jsonResponse(DraftSchema, "The draft"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const saveDraftRoute = createRoute({
  method: "put",
  path: "/definitions/{key}/draft",
  tags,
  summary: "Save the draft, even when invalid; its problems are returned",
  security: Security,
  middleware: [processAdmin] as const,
  request: { params: DefinitionKeyParamSchema, body: jsonBody(SaveDraftBodySchema) },
  responses: {
    200: jsonResponse(SavedDraftSchema, "The saved draft and its problems"),
    ...problemResponses(400, 401, 403, 415, 503),
  },
});

const deleteDraftRoute = createRoute({
  method: "delete",
  path: "/definitions/{key}/draft",
  tags,
  summary: "Discard the draft",
  security: Security,
  middleware: [processAdmin] as const,
  request: { params: DefinitionKeyParamSchema },
  responses: {
    204: { description: "Discarded (or there was none)" },
    ...problemResponses(400, 401, 403, 503),
  },
});

const publishDraftRoute = createRoute({
  method: "post",
  path: "/definitions/{key}/publish",
  tags,
  summary: "Publish the draft as a new version",
  security: Security,
  middleware: [processAdmin] as const,
  request: { params: DefinitionKeyParamSchema, headers: IdempotencyHeaderSchema },
  responses: {
    201: jsonResponse(PublishResultSchema, "A new version"),
    200: jsonResponse(PublishResultSchema, "Identical to the latest version"),
    ...problemResponses(400, 401, 403, 404, 409, 422, 503),
  },
});

export function definitionRoutes({ engine, names }: ApiDeps) {
  const router = createRouter();
  const draftJson = (draft: DraftDefinition, problems: { path: string; message: string }[]) => ({
    key: draft.key,
    definition: draft.definition,
    layout: draft.layout ?? null,
    updatedAt: draft.updatedAt.toISOString(),
    createdBy: draft.createdBy,
    problems,
  });

  router.openapi(listRoute, async (c) => {
    const items = (await engine.definitions.list()).map((d) => ({
      ...d,
      updatedAt: d.updatedAt.toISOString(),
    }));
    return c.json({ items }, 200);
  });

  router.openapi(publishRoute, async (c) => {
    const result = await engine.definitions.publish(c.req.valid("json"), {
      actor: actorOf(c.get("user")),
    });
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });

  router.openapi(validateRoute(rateLimit({ ...validateLimit, clock: engine.clock })), async (c) => {
    const { valid, problems } = await engine.definitions.validate(c.req.valid("json"));
    return c.json({ valid, problems }, 200);
  });

  router.openapi(getRoute, async (c) => {
    const { key } = c.req.valid("param");
    const { version } = c.req.valid("query");
    const found = await engine.definitions.get(key, version);
    return c.json(
      {
        key: found.key,
        version: found.version,
        definition: found.definition as unknown as Record<string, unknown>,
        createdAt: found.createdAt.toISOString(),
        createdBy: found.createdBy,
      },
      200,
    );
  });

  router.openapi(versionsRoute, async (c) => {
    const { key } = c.req.valid("param");
    const versions = await engine.definitions.versions(key);
    if (versions.length === 0) throw new NotFoundError("definition", key);
    const people = await names.users(
      versions.flatMap((v) => (v.createdBy === null ? [] : [v.createdBy])),
    );
    return c.json(
      {
        items: versions.map((v) => ({
          ...v,
          createdAt: v.createdAt.toISOString(),
          createdByName: v.createdBy === null ? null : (people.get(v.createdBy) ?? null),
        })),
      },
      200,
    );
  });

  router.openapi(getDraftRoute, async (c) => {
    const { key } = c.req.valid("param");
    const draft = await engine.definitions.getDraft(key);
    if (!draft) throw new NotFoundError("draft", key);
    const { problems } = await engine.definitions.validate(draft.definition);
    return c.json(draftJson(draft, problems), 200);
  });

  router.openapi(saveDraftRoute, async (c) => {
    const { key } = c.req.valid("param");
    const { definition, layout } = c.req.valid("json");
    const { draft, problems } = await engine.definitions.saveDraft(key, definition, {
      actor: actorOf(c.get("user")),
      layout,
    });
    const { problems: _, ...saved } = draftJson(draft, problems);
    return c.json({ draft: saved, problems }, 200);
  });

  router.openapi(deleteDraftRoute, async (c) => {
    await engine.definitions.deleteDraft(c.req.valid("param").key);
    return c.body(null, 204);
  });

  router.openapi(publishDraftRoute, async (c) => {
    const { key } = c.req.valid("param");
    const result = await engine.definitions.publishDraft(key, { actor: actorOf(c.get("user")) });
    return result.created ? c.json(result, 201) : c.json(result, 200);
  });

  return router;
}
