/**
 * Latency of the read queries that grow with the data, on a database filled
 * by `npm run bench:data`: the inbox of a user in two groups, its overdue
 * filter, an instance's history, and the hazard statistics (the counting of
 * GET /api/stats/hazards: engine/service/instance-counts.ts).
 */
import { sql } from "drizzle-orm";
import type { Engine } from "../../engine/engine.js";
import { countInstances } from "../../engine/service/instance-counts.js";
import { rowsOf } from "../../engine/service/rows.js";
import type { Actor } from "../../engine/types.js";
import { generatedInstanceId } from "./fill-big-data.js";
import { fmt, latencies, percentile } from "./measure.js";

/** The counting of GET /api/stats/hazards?groupBy=… for this actor. */
export function hazardStats(engine: Engine, actor: Actor, groupBy: "village" | "industry") {
  return countInstances(engine.database.db, actor, "hazard-closure", groupBy);
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
  const [{ n = 0 } = {}] = rowsOf<{ n: number }>(
    // The generated hazards only (bench:data may add other processes' instances beside them).
    await engine.database.db.execute(
      sql`select count(*)::int as n from instances where process_key = 'hazard-closure'`,
    ),
  );
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
  );
  await measure(
    "hazard statistics by village, process-admin (all)",
    async () =>
      (await hazardStats(engine, { id: "admin", groups: ["process-admin"] }, "village")).length,
  );
  await measure(
    "hazard statistics by industry, process-admin (all)",
    async () =>
      (await hazardStats(engine, { id: "admin", groups: ["process-admin"] }, "industry")).length,
  );
  return results;
}

/** One printed line: the query's name, p50, p99, rows and runs. */
export function latencyLine(r: QueryLatency): string {
  return `${r.name.padEnd(52)} p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms   (${r.rows} rows, ${r.samples} runs)`;
}
