/**
 * `GET /openapi.json` and `GET /docs` (Scalar), whose script is served from
 * node_modules here: nothing is fetched from a CDN.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "../app-env.js";
import { createRouter } from "../router.js";
import { jsonResponse } from "../schemas/common-schemas.js";

const documentRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  tags: ["docs"],
  summary: "This OpenAPI 3.1 document",
  responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), "The document") },
});

const docsRoute = createRoute({
  method: "get",
  path: "/docs",
  tags: ["docs"],
  summary: "The API reference page",
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } } },
});

const scriptRoute = createRoute({
  method: "get",
  path: "/docs/scalar.js",
  tags: ["docs"],
  summary: "The API reference page's script",
  responses: {
    200: { description: "JavaScript", content: { "text/javascript": { schema: z.string() } } },
  },
});

export const documentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Zhiben (治本) API",
    version: "1",
    description:
      "Workflow engine for work-safety supervision. Sign in with `POST /api/auth/login` and send the token as `Authorization: Bearer …`. Errors are RFC 9457 problem details.",
  },
  tags: [
    { name: "auth" },
    { name: "users" },
    { name: "definitions" },
    { name: "instances" },
    { name: "tasks" },
    { name: "stats" },
    { name: "exports" },
    { name: "live" },
    { name: "operations" },
    { name: "docs" },
  ],
};

/** `root` is the whole app, whose routes the document lists. */
export function docsRoutes(root: () => OpenAPIHono<AppEnv>) {
  const router = createRouter();
  const scriptPath = createRequire(import.meta.url).resolve(
    "@scalar/api-reference/browser/standalone.js",
  );
  let script: Promise<Buffer> | null = null;
  let document: Record<string, unknown> | null = null;

  router.openapi(documentRoute, (c) => {
    document ??= root().getOpenAPI31Document(documentConfig) as unknown as Record<string, unknown>;
    return c.json(document, 200);
  });

  const page = Scalar<AppEnv>({
    url: "/api/openapi.json",
    cdn: "/api/docs/scalar.js",
    pageTitle: "治本 Zhiben API",
    withDefaultFonts: false,
    telemetry: false,
    // The agent searches a registry on scalar.com: nothing here may call out.
    agent: { disabled: true },
  });
  router.openapi(docsRoute, async (c) => (await page(c, async () => {})) as Response);

  router.openapi(scriptRoute, async (c) => {
    script ??= readFile(scriptPath);
    return c.body(new Uint8Array(await script), 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    });
  });

  return router;
}
