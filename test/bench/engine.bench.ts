/**
 * `npm run bench`: the engine against the floor on the database it is given
 * (DATABASE_URL, else PGlite in memory). Prints figures and ratios, no verdict.
 *
 *   npm run bench                                  # PGlite in memory
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *   npm run bench -- --events 4000 --timers 5000 --processes 1,2,4
 *   npm run bench -- --only-processes --timers 100000 --processes 1,2,4 --budget-minutes 15
 *
 * Each timer drain prints progress every 30 s; one that is not drained within
 * the budget is reported with what fired so far, marked PARTIAL.
 *
 * On PostgreSQL a fresh database is created on the server and dropped afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { createTestDatabase } from "../support/test-database.js";
import { startWorkerProcesses } from "../scale/worker-processes.js";
import { benchCounter } from "./bench-processes.js";
import { fmt, processCpuMs, runConcurrently } from "./measure.js";
import { drainTimers, prepareTimers, type DrainResult } from "./timer-drain.js";
import { createReport } from "./report.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    callers: { type: "string", default: "8" },
    timers: { type: "string", default: "2000" },
    /** Worker process counts for the multi-process timer drain (PostgreSQL only), e.g. "1,2,4". */
    processes: { type: "string", default: "" },
    /** Only the worker-process drains (skips the send, floor and in-process timer figures). */
    "only-processes": { type: "boolean", default: false },
    /** Time allowed to each timer drain; an unfinished one is reported as partial. */
    "budget-minutes": { type: "string", default: "15" },
  },
});
const events = Number(args.events);
const callers = Number(args.callers);
const timerCount = Number(args.timers);
const budgetMs = Number(args["budget-minutes"]) * 60_000;

const database = await createTestDatabase();
const onPostgres = database.url.startsWith("postgres");
const engine = await createEngine({ database: database.url, poolSize: 10 });
const db = engine.database.db;
const report = createReport();
const line = (label: string, value: string) => report.print(`${label.padEnd(52)} ${value}`);

/** This process's CPU time (user + system) per call since `since`, in ms. */
function cpuMsPerCall(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / events;
}

interface Rate {
  rate: number;
  /** CPU of this Node process per call (less sensitive than the rate to other load on the machine). */
  cpuMs: number;
}

async function sendRate(): Promise<Rate> {
  await engine.definitions.publish(benchCounter);
  const counters = await Promise.all(
    Array.from({ length: callers }, () => engine.instances.start("bench-counter", {})),
  );
  const bump = (caller: number) => engine.instances.send(counters[caller]!.id, { type: "BUMP" });
  await runConcurrently(callers, Math.min(200, events), (_, caller) => bump(caller)); // warm-up
  const cpu = process.cpuUsage();
  const seconds = await runConcurrently(callers, events, (_, caller) => bump(caller));
  return { rate: events / seconds, cpuMs: cpuMsPerCall(cpu) };
}

async function floorRate(): Promise<Rate> {
  await db.execute(sql`create table bench_floor (id int primary key, n int not null)`);
  await db.execute(
    sql`create table bench_floor_log (id bigserial primary key, counter int not null, at timestamptz not null, data jsonb)`,
  );
  await db.execute(
    sql`insert into bench_floor select g, 0 from generate_series(0, ${callers - 1}) g`,
  );
  const once = (caller: number) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`update bench_floor set n = n + 1 where id = ${caller}`);
      await tx.execute(
        sql`insert into bench_floor_log (counter, at, data) values (${caller}, now(), '{}')`,
      );
    });
  await runConcurrently(callers, Math.min(200, events), (_, caller) => once(caller));
  const cpu = process.cpuUsage();
  const seconds = await runConcurrently(callers, events, (_, caller) => once(caller));
  return { rate: events / seconds, cpuMs: cpuMsPerCall(cpu) };
}

/** pgbench running the floor's transaction, when it is installed. */
function pgbenchRate(url: string): number | null {
  const dir = mkdtempSync(join(tmpdir(), "zhiben-pgbench-"));
  try {
    const script = join(dir, "floor.sql");
    writeFileSync(
      script,
      [
        `\\set id random(0, ${callers - 1})`,
        "begin;",
        "update bench_floor set n = n + 1 where id = :id;",
        "insert into bench_floor_log (counter, at, data) values (:id, now(), '{}');",
        "end;",
        "",
      ].join("\n"),
    );
    const out = execFileSync(
      "pgbench",
      [
        "-n",
        "-c",
        String(callers),
        "-j",
        "2",
        "-t",
        String(Math.ceil(events / callers)),
        "-f",
        script,
        url,
      ],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function printDrain(label: string, result: DrainResult & { cpuMs?: number }) {
  const cpu = result.cpuMs === undefined ? "" : `; node CPU ${fmt(result.cpuMs, 2)} ms/timer`;
  const partial = result.complete
    ? ""
    : `PARTIAL: budget spent, ${fmt(result.of - result.timers)} of ${fmt(result.of)} not fired; `;
  line(
    label,
    `${fmt(result.perSecond)} timers/s (${partial}${fmt(result.timers)} in ${fmt(result.seconds, 2)} s; lateness p50 ${fmt(result.lateness.p50)} ms, p99 ${fmt(result.lateness.p99)} ms, max ${fmt(result.lateness.max)} ms${cpu}; load average ${load()})`,
  );
}

/** Drains a fresh batch; an unfinished batch is cancelled once `stop` has run, so the next drain starts clean. */
async function drainBatch(
  start: () => void | Promise<void>,
  stop: () => Promise<void>,
): Promise<DrainResult & { cpuMs: number }> {
  const prepared = await prepareTimers(engine, timerCount);
  const cpu = process.cpuUsage();
  let result: DrainResult;
  try {
    result = await drainTimers(engine, prepared, start, { budgetMs });
  } finally {
    await stop();
  }
  const used = process.cpuUsage(cpu);
  if (!result.complete) await prepared.discard();
  return { ...result, cpuMs: (used.user + used.system) / 1000 / Math.max(1, result.timers) };
}

async function inProcessDrain(engines: Engine[]): Promise<DrainResult & { cpuMs: number }> {
  const workers: { stop(): Promise<void> }[] = [];
  return drainBatch(
    () => {
      for (const e of engines) workers.push(e.startWorker({ batchSize: 20 }));
    },
    async () => {
      await Promise.all(workers.map((w) => w.stop()));
    },
  );
}

try {
  const cores = execFileSync("nproc", { encoding: "utf8" }).trim();
  report.print(
    `Zhiben benchmark on ${onPostgres ? "PostgreSQL (postgres.js)" : "PGlite in memory"}, ${cores} cores, node ${process.version}`,
  );
  report.print(`${events} events, ${callers} concurrent callers, ${timerCount} timers\n`);

  if (!args["only-processes"]) {
    const send = await sendRate();
    const floor = await floorRate();
    const engineRate = send.rate;
    line(
      "instances.send, events applied per second",
      `${fmt(send.rate)}  (node CPU ${fmt(send.cpuMs, 2)} ms/event)`,
    );
    line(
      "floor: UPDATE + INSERT transactions per second",
      `${fmt(floor.rate)}  (node CPU ${fmt(floor.cpuMs, 2)} ms/transaction)`,
    );
    line("engine / floor", `${fmt((send.rate / floor.rate) * 100, 1)} %`);
    if (onPostgres) {
      const tps = pgbenchRate(database.url);
      if (tps !== null) {
        line("pgbench, same UPDATE + INSERT, tps", fmt(tps));
        line("engine / pgbench", `${fmt((engineRate / tps) * 100, 1)} %`);
      } else line("pgbench", "not installed or failed");
    }
  }
  report.print();

  if (timerCount === 0) {
    line("timers", "not measured (--timers 0)");
  } else if (onPostgres) {
    if (!args["only-processes"]) {
      printDrain("timers, one worker", await inProcessDrain([engine]));
      const second = await createEngine({ database: database.url, poolSize: 10 });
      try {
        printDrain(
          "timers, two workers (two engines, one process)",
          await inProcessDrain([engine, second]),
        );
      } finally {
        await second.close();
      }
    }
    for (const count of args.processes.split(",").filter(Boolean).map(Number)) {
      const label = `timers, ${count} worker process${count > 1 ? "es" : ""}`;
      console.log(`${label}: starting (load average ${load()})`);
      const processes = await startWorkerProcesses(count, database.url);
      const pids = processes.map((p) => p.child.pid ?? 0);
      let cpuAtGo: number | null = null;
      let cpuAtEnd: number | null = null;
      const result = await drainBatch(
        () => {
          cpuAtGo = processCpuMs(pids);
          processes.forEach((p) => p.go());
        },
        async () => {
          cpuAtEnd = processCpuMs(pids);
          await Promise.all(processes.map((p) => p.stop()));
        },
      );
      // This process only watches: the CPU that counts is the worker processes'.
      const cpuMs =
        cpuAtGo === null || cpuAtEnd === null
          ? undefined
          : (cpuAtEnd - cpuAtGo) / Math.max(1, result.timers);
      printDrain(label, { ...result, cpuMs });
    }
  } else {
    printDrain("timers, one worker (PGlite: one process)", await inProcessDrain([engine]));
    line("timers, two workers", "PGlite is one process with one connection: not measured");
  }
} finally {
  await engine.close();
  await database.drop();
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
