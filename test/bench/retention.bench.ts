/**
 * The retention step on a city's worth of data: reads an instance's history
 * before and after `engine.maintenance.archive()`, times the archive run and
 * shows the plans. It moves data, so it only runs on the database you name:
 *
 *   npx tsx test/bench/retention.bench.ts --database postgres://…/zb_mine --fill 200000
 *   npx tsx test/bench/retention.bench.ts --database postgres://…/zb_mine   # data already there
 *
 * `--fill` empties the database and fills it as `npm run bench:data` does
 * (three years of cases, test/bench/fill-big-data.ts).
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { fillBigData, generatedInstanceId } from "./fill-big-data.js";
import { rowsOf } from "../../engine/service/rows.js";
import { fmt, latencies, percentile } from "./measure.js";
import { createReport } from "./report.js";

const { values: args } = parseArgs({
  options: {
    database: { type: "string" },
    fill: { type: "string" },
    days: { type: "string", default: "365" },
    samples: { type: "string", default: "200" },
  },
});
if (!args.database) throw new Error("--database postgres://… is required (this moves data)");
const url = args.database;
const report = createReport();
const samples = Number(args.samples);
const days = Number(args.days);

if (args.fill) {
  const setup = await createEngine({ database: url, poolSize: 2, retention: { days: 0 } });
  try {
    await loadProcesses(setup);
  } finally {
    await setup.close();
  }
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  try {
    await client.unsafe("set synchronous_commit = off");
    const [def] =
      await client`select version from definitions where key = 'hazard-closure' and status = 'published' order by version desc limit 1`;
    await fillBigData(async (statement) => (await client.unsafe(statement)).count, {
      instances: Number(args.fill),
      version: Number(def?.version ?? 1),
    });
  } finally {
    await client.end();
  }
  report.print(
    `filled ${args.fill} instances in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
}

// Generated instance g (1..n) runs when g % 10 < 3; it started (g % 1095) days ago, and a
// closed one ended 30 days later: closed more than `days` ago when g % 1095 > days + 30.
function generatedIds(n: number, pick: (g: number) => boolean): string[] {
  const ids: string[] = [];
  for (let j = 0; ids.length < samples && j < n; j++) {
    const g = 1 + ((j * 7919) % n);
    if (pick(g)) ids.push(generatedInstanceId(g));
  }
  if (ids.length < samples) throw new Error("not enough generated instances: fill first");
  return ids;
}

async function counts(engine: Engine) {
  const [row] = rowsOf<Record<string, number>>(
    await engine.database.db.execute(sql`select
      (select count(*)::int from history) as history,
      (select count(*)::int from history_archive) as archived,
      (select count(*)::int from jobs where status in ('done', 'cancelled')) as finished_jobs`),
  );
  return row!;
}

async function historyLatency(engine: Engine, label: string, ids: string[]) {
  let rows = 0;
  const ms = await latencies(samples, async (i) => {
    rows += (await engine.instances.history(ids[i]!)).length;
  });
  report.print(
    `${label.padEnd(44)} p50 ${fmt(percentile(ms, 50), 1)} ms  p99 ${fmt(percentile(ms, 99), 1)} ms  (${samples} runs, ${fmt(rows / samples, 1)} rows each)`,
  );
}

async function explain(engine: Engine, label: string, statement: ReturnType<typeof sql>) {
  const plan = rowsOf<Record<string, string>>(
    await engine.database.db.execute(sql`explain ${statement}`),
  )
    .map((r) => `    ${r["QUERY PLAN"]}`)
    .join("\n");
  report.print(`${label}:\n${plan}`);
}

const engine = await createEngine({ database: url, poolSize: 4, retention: { days } });
try {
  const [size] = rowsOf<{ n: number }>(
    await engine.database.db.execute(sql`select count(*)::int as n from instances`),
  );
  const running = generatedIds(size!.n, (g) => g % 10 < 3);
  const oldClosed = generatedIds(size!.n, (g) => g % 10 >= 3 && g % 1095 > days + 31);
  report.print(`before: ${JSON.stringify(await counts(engine))}`);
  await historyLatency(engine, "history of a running instance", running);
  await historyLatency(engine, `history of an instance closed > ${days} days ago`, oldClosed);

  const started = performance.now();
  const result = await engine.maintenance.archive();
  const seconds = (performance.now() - started) / 1000;
  report.print(`archive (retention ${days} days): ${fmt(seconds, 1)} s ${JSON.stringify(result)}`);

  const again = performance.now();
  const second = await engine.maintenance.archive();
  report.print(
    `archive again, nothing due (an hourly run's cost): ${fmt((performance.now() - again) / 1000, 2)} s, ${second.instances} instances`,
  );
  report.print(`after: ${JSON.stringify(await counts(engine))}`);
  await engine.database.db.execute(sql`vacuum analyze history, history_archive, jobs`);
  await historyLatency(engine, "history of a running instance", running);
  await historyLatency(engine, "history of an archived instance", oldClosed);
  await explain(
    engine,
    "running instance (live table only)",
    sql`select * from history where instance_id = ${running[0]} order by seq`,
  );
  await explain(
    engine,
    "ended instance (live and archive)",
    sql`select * from history where instance_id = ${oldClosed[0]}
        union all select * from history_archive where instance_id = ${oldClosed[0]}`,
  );
} finally {
  await engine.close();
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
