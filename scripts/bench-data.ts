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
 * The inspection regime (issue 15, test/bench/inspection-regime.ts): a directory of 500
 * enterprises in 20 villages and a year of their daily inspections (180,000, counted with the
 * ranking trigger's own function), then p50/p99 of the 晾晒 board's read for the month,
 * quarter and year; and, on a scratch database `<name>_slots`, one day's 班组日排查 slot fired
 * for the 500 enterprises (time of the run that fires it).
 *
 *   npm run bench:data -- --inspections 0 --slot-enterprises 0   # without them
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
import {
  fillInspectionRegime,
  measureRanking,
  measureSlotFiring,
} from "../test/bench/inspection-regime.js";
import { createSafetyDomain } from "../processes/safety-domain.js";
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
    /** The inspection regime: enterprises, villages, daily inspections (0: none). */
    enterprises: { type: "string", default: "500" },
    villages: { type: "string", default: "20" },
    inspections: { type: "string", default: "180000" },
    /** Enterprises whose daily slot is fired on the scratch database (0: not measured). */
    "slot-enterprises": { type: "string", default: "500" },
  },
});
const instanceCount = Number(args.instances);
const tasksPerInstance = Number(args["tasks-per-instance"]);
const regime = {
  enterprises: Number(args.enterprises),
  villages: Number(args.villages),
  inspections: Number(args.inspections),
};
const slotEnterprises = Number(args["slot-enterprises"]);

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

async function ensureDatabase(url: string, fresh = false): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    if (fresh) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
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
    await createSafetyDomain().migrate!(setup.database);
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
    const progress = (label: string, rows: number, seconds: number) =>
      report.print(`${label.padEnd(24)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(1)} s`);
    await fillBigData(async (statement) => (await sql.unsafe(statement)).count, {
      instances: instanceCount,
      tasksPerInstance,
      version: Number(def?.version ?? 1),
      progress,
    });
    if (regime.inspections > 0) {
      report.print(
        `inspection regime: ${regime.enterprises} enterprises in ${regime.villages} villages, ${regime.inspections} daily inspections`,
      );
      await fillInspectionRegime(async (statement) => (await sql.unsafe(statement)).count, {
        ...regime,
        progress,
      });
    }
  } finally {
    await sql.end();
  }
  report.print(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
const engine = await createEngine({ database: url, poolSize: 4 });
try {
  await measureQueries(engine, Number(args.samples), (r) => report.print(latencyLine(r)));
  if (regime.inspections > 0)
    await measureRanking(engine.database.db, Number(args.samples), (r) =>
      report.print(latencyLine(r)),
    );
} finally {
  await engine.close();
}
if (slotEnterprises > 0) {
  const scratch = new URL(url);
  scratch.pathname = `${scratch.pathname}_slots`;
  await ensureDatabase(scratch.toString(), true);
  try {
    const fired = await measureSlotFiring(scratch.toString(), {
      enterprises: slotEnterprises,
      villages: regime.villages,
    });
    report.print(
      `daily slot ${fired.slot.toISOString()} for ${slotEnterprises} enterprises: ${fired.started} inspections started in ${fired.seconds.toFixed(2)} s`,
    );
  } finally {
    await dropDatabase(scratch.toString());
  }
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
