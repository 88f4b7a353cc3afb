/**
 * `GET /api/ranking?period=2027-01` (a month, `2027-Q1` or `2027`): the 晾晒 board;
 * `GET /api/ranking/notice.xlsx?period=…`: the same figures as the 晾晒通报 workbook.
 * Township staff read it (any group but an enterprise's own); enterprises get 403.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../api/app-env.js";
import { ProblemError, problem } from "../../api/problem.js";
import { createRouter } from "../../api/router.js";
import { Security, jsonResponse, problemResponses } from "../../api/schemas/common-schemas.js";
import type { Db } from "../../engine/store/database.js";
import { readRanking } from "./ranking-figures.js";
import { parsePeriod, type RankingPeriod } from "./ranking-period.js";
import { RankingSchema } from "./ranking-schemas.js";
import { buildRankingWorkbook, rankingTitle } from "./ranking-workbook.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const tags = ["ranking"];

const PeriodQuery = z.object({
  period: z
    .string()
    .refine((text) => parsePeriod(text) !== null, {
      message: "统计期间应为月份 2027-01、季度 2027-Q1 或年份 2027",
    })
    .openapi({
      example: "2027-01",
      description: "A month `2027-01`, a quarter `2027-Q1` or a year `2027`",
    }),
});

/** Township staff: anyone in a group that is not an enterprise's own. */
const townshipStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("user").groups.some((g) => !g.startsWith("enterprise-"))) {
    throw new ProblemError(
      problem(403, "the ranking is for township staff", { kind: "forbidden", code: "FORBIDDEN" }),
    );
  }
  await next();
};

const routes = {
  ranking: createRoute({
    method: "get",
    path: "/ranking",
    tags,
    summary:
      "晾晒: villages, and enterprises within each, ranked by inspections on time, overdue major hazards, hazards closed on time; escalations reached",
    security: Security,
    middleware: [townshipStaff] as const,
    request: { query: PeriodQuery },
    responses: {
      200: jsonResponse(
        RankingSchema,
        "The ranking, each share with its numerator and denominator",
      ),
      ...problemResponses(400, 401, 403, 503),
    },
  }),
  notice: createRoute({
    method: "get",
    path: "/ranking/notice.xlsx",
    tags,
    summary: "The 晾晒通报 as an Excel workbook, from the same figures as GET /ranking",
    security: Security,
    middleware: [townshipStaff] as const,
    request: { query: PeriodQuery },
    responses: {
      200: {
        description: "The workbook",
        content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...problemResponses(400, 401, 403, 503),
    },
  }),
};

export function rankingRoutes(options: { db: Db; township: string }) {
  const router = createRouter();
  const read = (period: RankingPeriod) =>
    readRanking(options.db, period, { township: options.township });

  router.openapi(routes.ranking, async (c) => {
    const period = parsePeriod(c.req.valid("query").period)!;
    return c.json(await read(period), 200);
  });

  router.openapi(routes.notice, async (c) => {
    const period = parsePeriod(c.req.valid("query").period)!;
    const ranking = await read(period);
    const name = `${rankingTitle(ranking)}.xlsx`;
    return new Response(new Uint8Array(await buildRankingWorkbook(ranking)), {
      headers: {
        "Content-Type": XLSX,
        "Content-Disposition": `attachment; filename="ranking-${period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    });
  });
  return router;
}
