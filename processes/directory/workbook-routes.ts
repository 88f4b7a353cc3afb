/**
 * The directory in Excel: `GET /api/enterprises/template.xlsx` (an empty template with
 * the allowed industries and villages), `GET /api/enterprises/export.xlsx` (what the
 * caller may read) and `POST /api/enterprises/import` (directory-admin; the body is the
 * filled .xlsx; nothing is written unless every row is valid).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { actorOf } from "../../api/app-env.js";
import { requireGroups } from "../../api/auth/authenticate.js";
import { ProblemError, problem } from "../../api/problem.js";
import { createRouter } from "../../api/router.js";
import { Security, jsonResponse, problemResponses } from "../../api/schemas/common-schemas.js";
import type { Clock } from "../../engine/clock.js";
import type { Db } from "../../engine/store/database.js";
import type { Actor } from "../../engine/types.js";
import type { Directory } from "./directory.js";
import type { Enterprise, Village } from "./directory-schemas.js";
import {
  buildEnterpriseWorkbook,
  readEnterpriseWorkbook,
  WorkbookShapeError,
} from "./enterprise-workbook.js";
import { importEnterprises } from "./import-enterprises.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const tags = ["directory"];
const xlsxResponse = (description: string) => ({
  description,
  content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
});

const routes = {
  template: createRoute({
    method: "get",
    path: "/enterprises/template.xlsx",
    tags,
    summary: "The import template: the columns, with the allowed industries and villages",
    security: Security,
    responses: { 200: xlsxResponse("The template"), ...problemResponses(401, 503) },
  }),
  export: createRoute({
    method: "get",
    path: "/enterprises/export.xlsx",
    tags,
    summary: "The enterprises the caller may read, in the template's columns",
    security: Security,
    responses: { 200: xlsxResponse("The directory"), ...problemResponses(401, 503) },
  }),
  import: createRoute({
    method: "post",
    path: "/enterprises/import",
    tags,
    summary:
      "Import a filled template: every row checked, problems per row and column, nothing written unless all are valid; a known credit code updates",
    security: Security,
    middleware: [requireGroups("directory-admin")] as const,
    request: {
      body: {
        required: true,
        content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
      },
    },
    responses: {
      200: jsonResponse(
        z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int() }),
        "All rows written",
      ),
      ...problemResponses(400, 401, 403, 409, 413, 503),
    },
  }),
};

async function all<T>(
  page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function workbookRoutes(directory: Directory, options: { db: Db; clock: Clock }) {
  const router = createRouter();
  const lists = async () => ({
    industries: directory.industries.map((i) => i.name),
    villages: await all<Village>((cursor) =>
      directory.villages.list({ limit: 200, ...(cursor ? { cursor } : {}) }),
    ),
  });
  const download = (buffer: Buffer, name: string, day: string) =>
    new Response(new Uint8Array(buffer), {
      headers: {
        "Content-Type": XLSX,
        "Content-Disposition": `attachment; filename="enterprises-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${name}-${day}.xlsx`)}`,
      },
    });
  const day = () => options.clock.now().toISOString().slice(0, 10);

  router.openapi(routes.template, async () =>
    download(await buildEnterpriseWorkbook([], await lists()), "企业名录导入模板", day()),
  );
  router.openapi(routes.export, async (c) => {
    const actor: Actor = actorOf(c.get("user"));
    const enterprises = await all<Enterprise>((cursor) =>
      directory.enterprises.list({ limit: 200, ...(cursor ? { cursor } : {}) }, actor),
    );
    return download(await buildEnterpriseWorkbook(enterprises, await lists()), "企业名录", day());
  });
  router.openapi(routes.import, async (c) => {
    let rows;
    try {
      rows = await readEnterpriseWorkbook(await c.req.arrayBuffer());
    } catch (error) {
      if (!(error instanceof WorkbookShapeError)) throw error;
      throw new ProblemError(
        problem(400, "the file is not a filled template", {
          kind: "validation",
          code: "VALIDATION",
          errors: [{ path: "body", message: error.message }],
        }),
      );
    }
    const result = await importEnterprises(
      { db: options.db, clock: options.clock, industries: directory.industries },
      rows,
      c.get("user").id,
    );
    return c.json(result, 200);
  });
  return router;
}
