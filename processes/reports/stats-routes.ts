/**
 * `/stats/*`: counts for the dashboard, over the instances the caller may see.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../../api/api-deps.js";
import { actorOf } from "../../api/app-env.js";
import { createRouter } from "../../api/router.js";
import { Security, jsonResponse, problemResponses } from "../../api/schemas/common-schemas.js";
import type { CountedRow, InstanceCounts } from "../../engine/engine.js";
import { mergeByKey, sumCounts } from "../../engine/service/instance-counts.js";
import type { Actor } from "../../engine/types.js";

const tags = ["stats"];

const CountsSchema = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  closed: z.number().int(),
  terminated: z.number().int().openapi({ description: "Ended without finishing (终止)" }),
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
  app: "网络/手机应用",
};

const resultLabels: Record<string, string> = {
  hazard: "查实重大隐患",
  violation: "查实违法行为",
  unfounded: "不属实",
};

export function statsRoutes({ engine, definitions }: ApiDeps) {
  const router = createRouter();
  const countInstances = (actor: Actor, processKey: string, by: string | null) =>
    engine.instances.count(processKey, { visibleTo: actor, ...(by ? { by } : {}) });

  const labelOf = async (
    processKey: string,
    groupBy: string,
    key: string | null,
    labels: Record<string, string> = {},
  ) => {
    // A tip-off has no result until it is verified.
    if (key === null) return groupBy === "outcome" ? "未核实" : "未填写";
    if (labels[key]) return labels[key];
    if (groupBy === "status" || groupBy === "stage") {
      const latest = await definitions.latest(processKey);
      return latest?.labels.get(key) ?? key;
    }
    return key;
  };

  /** The dashboard's figures for one row: hazards have all of them, the others the first four. */
  const hazardFigures = (row: InstanceCounts) => ({
    total: row.total,
    open: row.running,
    overdue: row.overdue,
    closed: row.closed,
    closedOnTime: row.closed - row.closedLate,
    closedLate: row.closedLate,
    dismissed: row.dismissed,
    terminated: row.total - row.running - row.completed,
    byLevel: { "1": row.level1, "2": row.level2, "3": row.level3, "4": row.level4 },
  });
  const simpleFigures = (row: InstanceCounts) => ({
    total: row.total,
    open: row.running,
    overdue: row.overdue,
    closed: row.completed,
    terminated: row.total - row.running - row.completed,
  });

  /** Merges the rows of the regions of a parallel state into that state. */
  const byStage = async (processKey: string, rows: CountedRow[]): Promise<CountedRow[]> => {
    const stage = (await definitions.latest(processKey))?.stage;
    return mergeByKey(rows, (key) => (key === null ? null : (stage?.get(key) ?? key)));
  };

  const stats = async <T>(
    actor: Actor,
    processKey: string,
    groupBy: string,
    by: string | null,
    figures: (row: InstanceCounts) => T,
    labels: Record<string, string> = {},
  ) => {
    let rows = await countInstances(actor, processKey, by);
    if (groupBy === "stage") rows = await byStage(processKey, rows);
    const items = await Promise.all(
      rows.map(async (row) => ({
        key: row.key,
        label: await labelOf(processKey, groupBy, row.key, labels),
        ...figures(row),
      })),
    );
    return { groupBy, items, totals: { key: null, label: "合计", ...figures(sumCounts(rows)) } };
  };

  router.openapi(hazardsRoute, async (c) => {
    const { groupBy } = c.req.valid("query");
    const by = groupBy === "status" ? null : groupBy;
    const actor = actorOf(c.get("user"));
    if (groupBy !== "village")
      return c.json(await stats(actor, "hazard-closure", groupBy, by, hazardFigures), 200);
    // Villages by the name the directory gives them today (the code stays the row's key).
    const rows = await countInstances(actor, "hazard-closure", by);
    const names = await engine.references.names(
      "village",
      rows.flatMap((r) => (r.key === null ? [] : [r.key])),
    );
    return c.json(
      await stats(actor, "hazard-closure", groupBy, by, hazardFigures, Object.fromEntries(names)),
      200,
    );
  });

  router.openapi(accidentsRoute, async (c) => {
    const { groupBy } = c.req.valid("query");
    const by = groupBy === "grade" ? "grade" : null;
    return c.json(
      await stats(
        actorOf(c.get("user")),
        "accident-investigation",
        groupBy,
        by,
        simpleFigures,
        gradeLabels,
      ),
      200,
    );
  });

  router.openapi(tipOffsRoute, async (c) => {
    const { groupBy } = c.req.valid("query");
    const by = groupBy === "channel" ? "channel" : "result";
    const labels = groupBy === "channel" ? channelLabels : resultLabels;
    return c.json(
      await stats(actorOf(c.get("user")), "tip-off-reward", groupBy, by, simpleFigures, labels),
      200,
    );
  });

  return router;
}
