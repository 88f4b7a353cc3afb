/**
 * `npm run bench:data`: fills a PostgreSQL database with a city's worth of
 * hazard cases — 200,000 instances and 1,000,000 tasks by default — in a few
 * set-based statements (generate_series), then runs ANALYZE.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:data
 *   npm run bench:data -- --instances 20000          # a tenth of the size
 *   npm run bench:data -- --skip-fill                # only measure the queries again
 *
 * After filling, it prints p50/p99 of the inbox, overdue, history and
 * statistics queries (test/bench/query-latency.ts) through the engine.
 *
 * The target is the database `zhiben_bench_data` on the server of DATABASE_URL
 * (created if missing, emptied first), or `--database <url>` exactly.
 *
 * The shape of the data is described in test/bench/fill-big-data.ts.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createEngine } from "../engine/index.js";
import { loadProcesses } from "../processes/load-processes.js";
import { fillBigData } from "../test/bench/fill-big-data.js";
import { latencyLine, measureQueries } from "../test/bench/query-latency.js";
import { createReport } from "../test/bench/report.js";

const { values: args } = parseArgs({
  options: {
    instances: { type: "string", default: "200000" },
    "tasks-per-instance": { type: "string", default: "5" },
    database: { type: "string" },
    /** Measure the queries on the data already there. */
    "skip-fill": { type: "boolean", default: false },
    samples: { type: "string", default: "300" },
  },
});
const instanceCount = Number(args.instances);
const tasksPerInstance = Number(args["tasks-per-instance"]);

/** The database the generator fills: `--database`, else `zhiben_bench_data` beside DATABASE_URL's. */
export function benchDataUrl(explicit?: string): string {
  if (explicit) return explicit;
  const server = process.env.DATABASE_URL;
  if (!server?.startsWith("postgres")) {
    throw new Error(
      "bench:data needs PostgreSQL: set DATABASE_URL=postgres://… (or pass --database)",
    );
  }
  const url = new URL(server);
  url.pathname = "/zhiben_bench_data";
  return url.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
}

const url = benchDataUrl(args.database);
const report = createReport();
await ensureDatabase(url);
if (!args["skip-fill"]) {
  const setup = await createEngine({ database: url, poolSize: 2 });
  try {
    await loadProcesses(setup);
  } finally {
    await setup.close();
  }
  report.print(
    `filling ${url.replace(/\/\/[^@]*@/, "//")}: ${instanceCount} instances, ${instanceCount * tasksPerInstance} tasks`,
  );
  const started = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("set synchronous_commit = off");
    const [def] =
      await sql`select version from definitions where key = 'hazard-closure' and status = 'published' order by version desc limit 1`;
    await fillBigData(async (statement) => (await sql.unsafe(statement)).count, {
      instances: instanceCount,
      tasksPerInstance,
      version: Number(def?.version ?? 1),
      progress: (label, rows, seconds) =>
        report.print(
          `${label.padEnd(24)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(1)} s`,
        ),
    });
  } finally {
    await sql.end();
  }
  report.print(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
const engine = await createEngine({ database: url, poolSize: 4 });
try {
  await measureQueries(engine, Number(args.samples), (r) => report.print(latencyLine(r)));
} finally {
  await engine.close();
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
