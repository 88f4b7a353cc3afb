/**
 * `/stats/*`: counts for the dashboard, over the instances the caller may see.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { instances } from "../../engine/store/schema.js";
import type { Actor } from "../../engine/types.js";
import type { ApiDeps } from "../api-deps.js";
import { actorOf } from "../app-env.js";
import {
  closedLateSql,
  escalationLevelSql,
  varIsTrue,
  varText,
  visibleToSql,
} from "../instance-scope.js";
import { createRouter } from "../router.js";
import { Security, jsonResponse, problemResponses } from "../schemas/common-schemas.js";

const tags = ["stats"];

const CountsSchema = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  closed: z.number().int(),
});

const HazardRowSchema = CountsSchema.extend({
  key: z.string().nullable(),
  label: z.string(),
  closedOnTime: z.number().int(),
  closedLate: z.number().int(),
  dismissed: z.number().int(),
  byLevel: z
    .object({
      "1": z.number().int(),
      "2": z.number().int(),
      "3": z.number().int(),
      "4": z.number().int(),
    })
    .openapi({ description: "Open hazards by escalation level: 1 函告, 2 通报, 3 约谈, 4 执法" }),
}).openapi("HazardStatsRow");

const StatsRowSchema = CountsSchema.extend({
  key: z.string().nullable(),
  label: z.string(),
}).openapi("StatsRow");

const statsResponse = <T extends z.ZodType>(row: T, name: string) =>
  z.object({ groupBy: z.string(), items: z.array(row), totals: row }).openapi(name);

const hazardsRoute = createRoute({
  method: "get",
  path: "/stats/hazards",
  tags,
  summary:
    "Hazards by village, industry or status: open, overdue, closed on time or late, escalation levels",
  security: Security,
  request: {
    query: z.object({ groupBy: z.enum(["village", "industry", "status"]).default("status") }),
  },
  responses: {
    200: jsonResponse(statsResponse(HazardRowSchema, "HazardStats"), "The counts"),
    ...problemResponses(400, 401, 503),
  },
});

const accidentsRoute = createRoute({
  method: "get",
  path: "/stats/accidents",
  tags,
  summary: "Accidents by grade or stage",
  security: Security,
  request: { query: z.object({ groupBy: z.enum(["grade", "stage"]).default("grade") }) },
  responses: {
    200: jsonResponse(statsResponse(StatsRowSchema, "AccidentStats"), "The counts"),
    ...problemResponses(400, 401, 503),
  },
});

const tipOffsRoute = createRoute({
  method: "get",
  path: "/stats/tip-offs",
  tags,
  summary: "Tip-offs by channel or outcome",
  security: Security,
  request: { query: z.object({ groupBy: z.enum(["channel", "outcome"]).default("channel") }) },
  responses: {
    200: jsonResponse(statsResponse(StatsRowSchema, "TipOffStats"), "The counts"),
    ...problemResponses(400, 401, 503),
  },
});

const gradeLabels: Record<string, string> = {
  "especially-major": "特别重大",
  major: "重大",
  larger: "较大",
  general: "一般",
};

const channelLabels: Record<string, string> = {
  "12350": "12350 热线",
  letter: "来信",
  email: "电子邮件",
  visit: "来访",
  app: "网络/APP",
};

const resultLabels: Record<string, string> = {
  hazard: "查实重大隐患",
  violation: "查实违法行为",
  unfounded: "不属实",
};

const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;
const running = sql`${instances.status} = 'running'`;
const completed = sql`${instances.status} = 'completed'`;
const inState = (key: string) => sql`${key} = any(${instances.activeStates})`;
const currentState = sql<string | null>`${instances.activeStates}[1]`;

const sumRows = <T extends Record<string, unknown>>(rows: T[], keys: (keyof T)[]) => {
  const totals: Record<string, number> = {};
  for (const key of keys)
    totals[key as string] = rows.reduce((sum, row) => sum + Number(row[key] ?? 0), 0);
  return totals;
};

export function statsRoutes({ engine, definitions }: ApiDeps) {
  const router = createRouter();
  const db = engine.database.db;

  const labelOf = async (
    processKey: string,
    groupBy: string,
    key: string | null,
    labels: Record<string, string> = {},
  ) => {
    if (key === null) return "未填写";
    if (labels[key]) return labels[key];
    if (groupBy === "status" || groupBy === "stage" || groupBy === "outcome") {
      const latest = await definitions.latest(processKey);
      return latest?.labels.get(key) ?? key;
    }
    return labels[key] ?? key;
  };

  const simpleCounts = async (
    actor: Actor,
    processKey: string,
    groupKey: SQL<string | null>,
    overdueVar = "overdue",
  ) =>
    db
      .select({
        key: groupKey,
        total: sql<number>`count(*)::int`,
        open: count(running),
        overdue: count(sql`${running} and ${varIsTrue(overdueVar)}`),
        closed: count(completed),
      })
      .from(instances)
      .where(and(eq(instances.processKey, processKey), visibleToSql(actor)))
      .groupBy(sql`1`)
      .orderBy(sql`1`);

  type CountRow = Awaited<ReturnType<typeof simpleCounts>>[number];

  /** Merges the rows of the regions of a parallel state into that state. */
  const byStage = async (processKey: string, rows: CountRow[]): Promise<CountRow[]> => {
    const stage = (await definitions.latest(processKey))?.stage;
    const merged = new Map<string | null, CountRow>();
    for (const row of rows) {
      const key = row.key === null ? null : (stage?.get(row.key) ?? row.key);
      const into = merged.get(key);
      if (!into) merged.set(key, { ...row, key });
      else
        merged.set(key, {
          key,
          total: into.total + row.total,
          open: into.open + row.open,
          overdue: into.overdue + row.overdue,
          closed: into.closed + row.closed,
        });
    }
    return [...merged.values()];
  };

  router.openapi(hazardsRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const { groupBy } = c.req.valid("query");
    const groupKey = groupBy === "status" ? currentState : varText(groupBy);
    const level = (n: number) => count(sql`${running} and ${escalationLevelSql} = ${n}`);
    const rows = await db
      .select({
        key: groupKey,
        total: sql<number>`count(*)::int`,
        open: count(running),
        overdue: count(sql`${running} and ${varIsTrue("overdue")}`),
        closed: count(sql`${completed} and ${inState("closed")}`),
        closedOnTime: count(sql`${completed} and ${inState("closed")} and not ${closedLateSql}`),
        closedLate: count(sql`${completed} and ${inState("closed")} and ${closedLateSql}`),
        dismissed: count(inState("dismissed")),
        level1: level(1),
        level2: level(2),
        level3: level(3),
        level4: level(4),
      })
      .from(instances)
      .where(and(eq(instances.processKey, "hazard-closure"), visibleToSql(actor)))
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    const shape = async (
      row: (typeof rows)[number] | Record<string, number>,
      key: string | null,
      label: string,
    ) => ({
      key,
      label,
      total: Number(row.total ?? 0),
      open: Number(row.open ?? 0),
      overdue: Number(row.overdue ?? 0),
      closed: Number(row.closed ?? 0),
      closedOnTime: Number(row.closedOnTime ?? 0),
      closedLate: Number(row.closedLate ?? 0),
      dismissed: Number(row.dismissed ?? 0),
      byLevel: {
        "1": Number(row.level1 ?? 0),
        "2": Number(row.level2 ?? 0),
        "3": Number(row.level3 ?? 0),
        "4": Number(row.level4 ?? 0),
      },
    });
    const items = await Promise.all(
      rows.map(async (row) =>
        shape(row, row.key, await labelOf("hazard-closure", groupBy, row.key)),
      ),
    );
    const totals = sumRows(rows, [
      "total",
      "open",
      "overdue",
      "closed",
      "closedOnTime",
      "closedLate",
      "dismissed",
      "level1",
      "level2",
      "level3",
      "level4",
    ]);
    return c.json({ groupBy, items, totals: await shape(totals, null, "合计") }, 200);
  });

  const simpleStats = async (
    actor: Actor,
    processKey: string,
    groupBy: string,
    groupKey: SQL<string | null>,
    labels: Record<string, string>,
  ) => {
    let rows = await simpleCounts(actor, processKey, groupKey);
    if (groupBy === "stage") rows = await byStage(processKey, rows);
    const items = await Promise.all(
      rows.map(async (row) => ({
        ...row,
        label: await labelOf(processKey, groupBy, row.key, labels),
      })),
    );
    const totals = sumRows(rows, ["total", "open", "overdue", "closed"]);
    return {
      groupBy,
      items,
      totals: {
        key: null,
        label: "合计",
        total: totals.total ?? 0,
        open: totals.open ?? 0,
        overdue: totals.overdue ?? 0,
        closed: totals.closed ?? 0,
      },
    };
  };

  router.openapi(accidentsRoute, async (c) => {
    const { groupBy } = c.req.valid("query");
    const key = groupBy === "grade" ? varText("grade") : currentState;
    return c.json(
      await simpleStats(
        actorOf(c.get("user")),
        "accident-investigation",
        groupBy,
        key,
        gradeLabels,
      ),
      200,
    );
  });

  router.openapi(tipOffsRoute, async (c) => {
    const { groupBy } = c.req.valid("query");
    const key =
      groupBy === "channel"
        ? varText("channel")
        : sql<string | null>`coalesce(${varText("result")}, ${currentState})`;
    const labels = groupBy === "channel" ? channelLabels : resultLabels;
    return c.json(
      await simpleStats(actorOf(c.get("user")), "tip-off-reward", groupBy, key, labels),
      200,
    );
  });

  return router;
}
