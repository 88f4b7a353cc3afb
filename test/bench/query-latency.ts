/**
 * Latency of the read queries that grow with the data, on a database filled
 * by `npm run bench:data`: the inbox of a user in two groups, its overdue
 * filter, an instance's history, and the hazard statistics (the SQL of
 * GET /api/stats/hazards, built from the same api/instance-scope.ts parts).
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import {
  closedLateSql,
  escalationLevelSql,
  varIsTrue,
  varText,
  visibleToSql,
} from "../../api/instance-scope.js";
import type { Engine } from "../../engine/engine.js";
import { instances } from "../../engine/store/schema.js";
import type { Actor } from "../../engine/types.js";
import { generatedInstanceId } from "./fill-big-data.js";
import { fmt, latencies, percentile } from "./measure.js";

const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;
const running = sql`${instances.status} = 'running'`;
const completed = sql`${instances.status} = 'completed'`;
const closed = sql`'closed' = any(${instances.activeStates})`;

/** The statistics query of GET /api/stats/hazards?groupBy=… for this actor. */
/**
 * The visibility condition as it could be written to use the GIN indexes on both
 * arrays (`= any(participants)` cannot use one); proposed for api/instance-scope.ts.
 */
export function visibleToIndexed(actor: Actor): SQL {
  if (actor.groups.includes("process-admin")) return sql`true`;
  const groups = sql`array[${sql.join(
    actor.groups.map((g) => sql`${g}`),
    sql`, `,
  )}]::text[]`;
  return sql`(${instances.visibleTo} && ${groups} or ${instances.participants} @> array[${actor.id}]::text[])`;
}

export function hazardStats(
  engine: Engine,
  actor: Actor,
  groupBy: "village" | "industry",
  visible: (actor: Actor) => SQL = visibleToSql,
) {
  const level = (n: number) => count(sql`${running} and ${escalationLevelSql} = ${n}`);
  return engine.database.db
    .select({
      key: varText(groupBy),
      total: sql<number>`count(*)::int`,
      open: count(running),
      overdue: count(sql`${running} and ${varIsTrue("overdue")}`),
      closed: count(sql`${completed} and ${closed}`),
      closedOnTime: count(sql`${completed} and ${closed} and not ${closedLateSql}`),
      closedLate: count(sql`${completed} and ${closed} and ${closedLateSql}`),
      dismissed: count(sql`'dismissed' = any(${instances.activeStates})`),
      level1: level(1),
      level2: level(2),
      level3: level(3),
      level4: level(4),
    })
    .from(instances)
    .where(and(eq(instances.processKey, "hazard-closure"), visible(actor)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

export interface QueryLatency {
  name: string;
  p50: number;
  p99: number;
  rows: number;
  samples: number;
}

/** A township officer: the township's safety office and one enterprise group (generator's naming). */
const officer = (i: number): Actor => ({
  id: `officer-${i}`,
  groups: [`safety-office-t${i % 50}`, `enterprise-e${(i * 37) % 20011}`],
});

/** Measures each query; `onResult` sees each figure as soon as it is known. */
export async function measureQueries(
  engine: Engine,
  samples = 300,
  onResult: (result: QueryLatency) => void = () => {},
): Promise<QueryLatency[]> {
  const [{ n = 0 } = {}] = (await engine.database.db.execute(
    sql`select count(*)::int as n from instances`,
  )) as unknown as { n: number }[];
  const idOf = (i: number) => generatedInstanceId(((i * 7919) % n) + 1);
  const results: QueryLatency[] = [];
  const measure = async (name: string, call: (i: number) => Promise<number>, runs = samples) => {
    let rows = 0;
    for (let i = 0; i < Math.min(20, runs); i++) await call(i); // warm-up
    const times = await latencies(runs, async (i) => {
      rows = await call(i);
    });
    const result = {
      name,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      rows,
      samples: runs,
    };
    results.push(result);
    onResult(result);
  };
  await measure(
    "inbox, user in two groups (50 rows)",
    async (i) => (await engine.tasks.list({ user: officer(i), limit: 50 })).items.length,
  );
  await measure(
    "inbox, overdue filter",
    async (i) =>
      (await engine.tasks.list({ user: officer(i), overdue: true, limit: 50 })).items.length,
  );
  await measure("instance history", async (i) => (await engine.instances.history(idOf(i))).length);
  await measure(
    "hazard statistics by village, township officer",
    async (i) => (await hazardStats(engine, officer(i), "village")).length,
    Math.min(samples, 50),
  );
  await measure(
    "same, visibility as participants @> (proposed)",
    async (i) => (await hazardStats(engine, officer(i), "village", visibleToIndexed)).length,
    Math.min(samples, 50),
  );
  await measure(
    "hazard statistics by industry, process-admin (all)",
    async () =>
      (await hazardStats(engine, { id: "admin", groups: ["process-admin"] }, "industry")).length,
    Math.min(samples, 10),
  );
  return results;
}

export function printLatency(r: QueryLatency): void {
  {
    console.log(
      `${r.name.padEnd(52)} p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms   (${r.rows} rows, ${r.samples} runs)`,
    );
  }
}
