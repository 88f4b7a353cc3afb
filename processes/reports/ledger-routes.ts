/**
 * `/exports/hazard-ledger.xlsx`: the 隐患台账 of the hazards the caller may see.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { ApiDeps } from "../../api/api-deps.js";
import { actorOf } from "../../api/app-env.js";
import { createRouter } from "../../api/router.js";
import { Security, problemResponses } from "../../api/schemas/common-schemas.js";
import { withoutNames } from "../../api/visibility.js";
import { instances } from "../../engine/store/schema.js";
import {
  escalationLevelSql,
  varDateText,
  varIsTrue,
  varText,
  visibleToSql,
} from "./instance-scope.js";
import { buildHazardLedger } from "./hazard-ledger.js";
import { ledgerRow } from "./ledger-row.js";
import { enumTitles } from "./enum-titles.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_ROWS = 20_000;
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date: YYYY-MM-DD");

const LedgerQuerySchema = z.object({
  village: z.string().min(1).max(100).optional(),
  industry: z.string().min(1).max(100).optional(),
  source: z.enum(["self-report", "inspection", "tip-off", "transfer", "monitoring"]).optional(),
  status: z.enum(["all", "open", "overdue", "closed", "dismissed"]).default("all"),
  from: DateText.optional().openapi({ description: "Found on or after this date" }),
  to: DateText.optional().openapi({ description: "Found on or before this date" }),
});

const ledgerRoute = createRoute({
  method: "get",
  path: "/exports/hazard-ledger.xlsx",
  tags: ["exports"],
  summary: "The 隐患台账 as an Excel workbook",
  security: Security,
  request: { query: LedgerQuerySchema },
  responses: {
    200: {
      description: "The workbook",
      content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...problemResponses(400, 401, 503),
  },
});

export function ledgerRoutes({ engine, definitions, views }: ApiDeps) {
  const router = createRouter();

  router.openapi(ledgerRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const query = c.req.valid("query");
    const conditions: SQL[] = [
      sql`${instances.processKey} = 'hazard-closure'`,
      visibleToSql(actor),
    ];
    if (query.village) conditions.push(eq(varText("village"), query.village));
    if (query.industry) conditions.push(eq(varText("industry"), query.industry));
    if (query.source) conditions.push(eq(varText("source"), query.source));
    const foundDate = sql`coalesce(${varDateText("foundAt")}, to_char((${instances.startedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'))`;
    if (query.from) conditions.push(sql`${foundDate} >= ${query.from}`);
    if (query.to) conditions.push(sql`${foundDate} <= ${query.to}`);
    const statusCondition: Record<typeof query.status, SQL | null> = {
      all: null,
      open: sql`${instances.status} = 'running'`,
      overdue: sql`${instances.status} = 'running' and ${varIsTrue("overdue")}`,
      closed: sql`'closed' = any(${instances.activeStates})`,
      dismissed: sql`'dismissed' = any(${instances.activeStates})`,
    };
    const byStatus = statusCondition[query.status];
    if (byStatus) conditions.push(byStatus);

    const found = await engine.database.db
      .select({
        id: instances.id,
        version: instances.version,
        businessKey: instances.businessKey,
        title: instances.title,
        vars: instances.vars,
        activeStates: instances.activeStates,
        endedAt: instances.endedAt,
        level: escalationLevelSql,
      })
      .from(instances)
      .where(and(...conditions))
      .orderBy(asc(instances.startedAt), asc(instances.businessKey), asc(instances.id))
      .limit(MAX_ROWS);

    // Each hazard's attachments link to its page, where whoever opens the workbook signs in.
    const counts = await engine.files.countByInstance(found.map((row) => row.id));
    // Enterprises and villages by the names the directory gives them today.
    const references = await engine.references.ofInstances(found.map((row) => row.id));
    const villageNames = await engine.references.names(
      "village",
      found.flatMap((row) => {
        const code = (row.vars as Record<string, unknown> | null)?.village;
        return typeof code === "string" ? [code] : [];
      }),
    );
    const origin = new URL(c.req.url).origin;
    const rows = await Promise.all(
      found.map(async (row) => {
        const cached = await definitions.get("hazard-closure", row.version);
        const hidden = await views.hidden("hazard-closure", row.version, actor);
        const state = row.activeStates[0] ?? "";
        return ledgerRow({
          id: row.id,
          businessKey: row.businessKey,
          title: row.title,
          vars: withoutNames((row.vars ?? {}) as Record<string, unknown>, hidden),
          statusLabel: cached?.labels.get(state) ?? state,
          closed: row.activeStates.includes("closed"),
          dismissed: row.activeStates.includes("dismissed"),
          sourceLabels: enumTitles(cached?.definition.variables, "source"),
          endedAt: row.endedAt,
          level: row.level === null ? null : Number(row.level),
          names: {
            enterprise:
              references.get(row.id)?.find((r) => r.field === "enterpriseId")?.name ?? null,
            village: villageNames,
          },
          attachments: {
            count: counts.get(row.id) ?? 0,
            url: `${origin}/instances/${row.id}#attachments`,
          },
        });
      }),
    );
    const buffer = await buildHazardLedger(rows, { generatedAt: engine.clock.now() });
    const day = engine.clock.now().toISOString().slice(0, 10);
    return c.body(new Uint8Array(buffer), 200, {
      "Content-Type": XLSX,
      "Content-Disposition": `attachment; filename="hazard-ledger-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`隐患台账-${day}.xlsx`)}`,
    });
  });

  return router;
}
