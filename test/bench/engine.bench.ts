/**
 * `npm run bench`: the engine against the floor and the write-set ceiling on
 * the database it is given (DATABASE_URL, else PGlite in memory), in one run.
 * Prints figures and ratios, no verdict:
 *
 * - the floor: plain `UPDATE` + `INSERT` transactions through the engine's driver;
 * - the write-set ceiling (PostgreSQL): the engine's write set for one task
 *   completion done by hand (test/bench/write-set-ceiling.ts);
 * - pgbench (PostgreSQL, when installed): the floor's transaction, and the
 *   standard TPC-B-like run (`pgbench -i` / `-T`) on a scratch database;
 * - `instances.send` and `tasks.complete` through the embedding API;
 * - task completions over HTTP (PostgreSQL: server processes, autocannon);
 * - timers due at once, drained by one and by two worker processes (PostgreSQL)
 *   or by one in-process worker (PGlite);
 * - for each: Node CPU per event, statements per event, the ratio to the
 *   floor and to the ceiling.
 *
 * The floor, the ceiling, sends, completions and HTTP completions run in
 * rounds (`--rounds`, default 3), one of each per round, so that each ratio
 * pairs figures taken within seconds of each other: on a shared machine the
 * floor alone moved by a sixth between runs minutes apart. Each row shows the
 * median of its rounds, and each ratio is the median of the rounds' ratios.
 *
 *   npm run bench                                  # PGlite in memory
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *   npm run bench -- --events 4000 --timers 5000 --processes 1,2,4
 *   npm run bench -- --only-processes --timers 100000 --processes 1,2,4 --budget-minutes 15
 *   npm run bench -- --only-processes --warm-timers 0    # worker processes measured cold
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
import postgres from "postgres";
import { createEngine } from "../../engine/index.js";
import { createTestDatabase } from "../support/test-database.js";
import { startWorkerProcesses } from "../scale/worker-processes.js";
import { BENCH_ACTOR, benchCounter } from "./bench-processes.js";
import {
  httpStatementsPerCompletion,
  startHttpCompletions,
  type HttpRun,
} from "./http-completions.js";
import { databaseCpu, fmt, processCpuMs, runConcurrently, type DatabaseCpu } from "./measure.js";
import { drainTimers, prepareTimers, type DrainResult } from "./timer-drain.js";
import { countStatements } from "./count-statements.js";
import { createReport } from "./report.js";
import { ceilingRounds, openReviewTasks } from "./write-set-ceiling.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    /** Rounds of the floor, the ceiling, sends, completions and HTTP completions. */
    rounds: { type: "string", default: "3" },
    callers: { type: "string", default: "8" },
    timers: { type: "string", default: "20000" },
    /** Jobs per worker batch (default: the engine's). */
    batch: { type: "string" },
    /** Worker process counts for the timer drains (PostgreSQL only), e.g. "1,2,4". */
    processes: { type: "string", default: "1,2" },
    /** Timers each worker process fires before its measured drain, unmeasured (0: measure cold processes). */
    "warm-timers": { type: "string", default: "5000" },
    /** Only the worker-process drains (skips the send, floor and in-process timer figures). */
    "only-processes": { type: "boolean", default: false },
    /** Time allowed to each timer drain; an unfinished one is reported as partial. */
    "budget-minutes": { type: "string", default: "15" },
    /** HTTP completions: autocannon connections and tasks completed (0: not measured). */
    connections: { type: "string", default: "16" },
    "http-tasks": { type: "string", default: "3000" },
    /** Seconds of the standard pgbench run (0: not run). */
    "pgbench-seconds": { type: "string", default: "5" },
  },
});
const events = Number(args.events);
const rounds = Math.max(1, Number(args.rounds));
const callers = Number(args.callers);
const timerCount = Number(args.timers);
const batchSize = args.batch ? Number(args.batch) : undefined;
const warmTimers = Number(args["warm-timers"]);
const budgetMs = Number(args["budget-minutes"]) * 60_000;
const connections = Number(args.connections);
const httpTasks = Number(args["http-tasks"]);
const pgbenchSeconds = Number(args["pgbench-seconds"]);

const database = await createTestDatabase();
const onPostgres = database.url.startsWith("postgres");
/**
 * Statements the engine has sent so far: PGlite's `onStatement` hook. On PostgreSQL
 * the hook is postgres.js's `debug` callback, with which every query captures a stack
 * trace (`new Error()`, about a tenth of a send's Node CPU): there the statements are
 * counted during the warm-ups only (`countStatements`), and the timed runs go without it.
 */
let statementsSent = 0;
const countStatement = () => void statementsSent++;
const engine = await createEngine({
  database: database.url,
  poolSize: 10,
  ...(onPostgres ? {} : { onStatement: countStatement }),
});
const db = engine.database.db;
const report = createReport();
/**
 * PostgreSQL: a connection of the bench's own (application_name zhiben-bench,
 * left out of the database CPU) to read the backends' CPU and watch the drains.
 */
const watcher = onPostgres
  ? postgres(database.url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "zhiben-bench" },
    })
  : null;
const databaseName = onPostgres ? new URL(database.url).pathname.slice(1) : "";
/** The server CPU used by the bench database's backends while `work` runs (null on PGlite). */
const dbCpu = (): DatabaseCpu | null =>
  watcher
    ? databaseCpu(async () =>
        (
          await watcher<{ pid: number }[]>`
            select pid from pg_stat_activity
             where datname = ${databaseName} and application_name is distinct from 'zhiben-bench'`
        ).map((r) => r.pid),
      )
    : null;

/** One measured kind of work: its rate and what each event cost. */
interface Figure {
  rate: number;
  /** Node CPU per event, ms (this process, or the server / worker processes doing the work). */
  cpuMs?: number | null;
  /** Statements sent per event (null where not counted). */
  statements?: number | null;
  /** PostgreSQL CPU per event, ms (the bench database's backends). */
  dbCpuMs?: number | null;
  /** Anything else to say, printed after the figures. */
  note?: string;
}

/** Each row's figures, one per round (one for the rows measured once). */
const figures = new Map<string, Figure[]>();
const FLOOR = "floor: UPDATE + INSERT transactions";
const CEILING = "write-set ceiling: a task completion by hand";

function printHeader() {
  report.print(
    `${"".padEnd(56)} ${"per second".padStart(10)} ${"CPU ms".padStart(7)} ${"DB ms".padStart(6)} ${"stmts".padStart(6)} ${"/ floor".padStart(8)} ${"/ ceiling".padStart(9)}`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of a figure over rounds; null when no round has it. */
function medianOf(runs: Figure[], pick: (figure: Figure) => number | null | undefined) {
  const values = runs.map(pick).filter((v): v is number => v != null);
  return values.length === 0 ? null : median(values);
}

/**
 * `runs`' rates against `to`'s: round by round when both ran in the same rounds
 * (the median of those ratios), else median against median.
 */
function ratioOf(runs: Figure[], to: Figure[]): number {
  if (runs.length === to.length)
    return median(runs.map((figure, round) => figure.rate / to[round]!.rate));
  return median(runs.map((f) => f.rate)) / median(to.map((f) => f.rate));
}

/**
 * Prints one row: rate, Node CPU per event, statements per event, ratio to the floor
 * and to the ceiling; for several rounds their medians, and each round's rate.
 */
function row(label: string, measured: Figure | Figure[], note?: string) {
  const runs = Array.isArray(measured) ? measured : [measured];
  figures.set(label, runs);
  const last = runs[runs.length - 1]!;
  const figure: Figure = {
    rate: median(runs.map((f) => f.rate)),
    cpuMs: medianOf(runs, (f) => f.cpuMs),
    dbCpuMs: medianOf(runs, (f) => f.dbCpuMs),
    statements: medianOf(runs, (f) => f.statements),
    note: [
      runs.length > 1 ? `rounds ${runs.map((f) => fmt(f.rate)).join(" · ")}/s` : "",
      runs.length > 1 && runs.every((f) => f.cpuMs != null)
        ? `CPU ${runs.map((f) => fmt(f.cpuMs!, 2)).join(" · ")} ms`
        : "",
      note ?? last.note ?? "",
    ]
      .filter(Boolean)
      .join("; "),
  };
  const floor = figures.get(FLOOR);
  const ceiling = figures.get(CEILING);
  const ratio = (to: Figure[] | undefined) =>
    to === undefined || label === FLOOR || label === CEILING
      ? ""
      : `${fmt(ratioOf(runs, to) * 100, 1)} %`;
  const ceilingRatio = label === FLOOR && ceiling ? "" : ratio(ceiling);
  report.print(
    [
      label.padEnd(56),
      fmt(figure.rate).padStart(10),
      (figure.cpuMs == null ? "" : fmt(figure.cpuMs, 2)).padStart(7),
      (figure.dbCpuMs == null ? "" : fmt(figure.dbCpuMs, 2)).padStart(6),
      (figure.statements == null
        ? ""
        : fmt(figure.statements, figure.statements < 1 ? 2 : 1)
      ).padStart(6),
      ratio(floor).padStart(8),
      ceilingRatio.padStart(9),
      figure.note ? `  ${figure.note}` : "",
    ]
      .join(" ")
      .trimEnd(),
  );
}

/**
 * Rate and this process's CPU per call of `events` calls from `callers` loops, after a
 * warm-up; statements per call counted in the warm-up (the same work).
 */
async function measure(
  call: (index: number, caller: number) => Promise<unknown>,
  warmUp = Math.min(200, events),
): Promise<Figure> {
  const counter = countStatements(db);
  const warmUpSentBefore = statementsSent;
  await runConcurrently(callers, warmUp, call);
  const statements = (counter ? counter.stop() : statementsSent - warmUpSentBefore) / warmUp;
  const server = dbCpu();
  await server?.start();
  const cpu = process.cpuUsage();
  const seconds = await runConcurrently(callers, events, (i, caller) => call(warmUp + i, caller));
  const used = process.cpuUsage(cpu);
  const serverMs = (await server?.stop()) ?? null;
  return {
    rate: events / seconds,
    cpuMs: (used.user + used.system) / 1000 / events,
    statements,
    dbCpuMs: serverMs === null ? null : serverMs / events,
  };
}

/** Sends to counters started once: each round's measurement. */
async function sendRounds(): Promise<() => Promise<Figure>> {
  await engine.definitions.publish(benchCounter);
  const counters = await Promise.all(
    Array.from({ length: callers }, () => engine.instances.start("bench-counter", {})),
  );
  return () =>
    measure((_, caller) => engine.instances.send(counters[caller]!.id, { type: "BUMP" }));
}

/**
 * Each completion completes a review task and opens the approval one: the ceiling's write
 * set. Every round's tasks are opened here, before the first round, as the ceiling's are:
 * a round's Node CPU then holds no garbage of opening them.
 */
async function completeRounds(): Promise<() => Promise<Figure>> {
  const warmUp = Math.min(200, events);
  const perRound = warmUp + events;
  const ids = await openReviewTasks(engine, perRound * rounds);
  let round = 0;
  return () => {
    const own = ids.slice(round * perRound, ++round * perRound);
    return measure((i) => engine.tasks.complete(own[i]!, { outcome: "PASS" }, BENCH_ACTOR), warmUp);
  };
}

/** The floor's tables, made once: each round's measurement. */
async function floorRounds(): Promise<() => Promise<Figure>> {
  await db.execute(sql`create table bench_floor (id int primary key, n int not null)`);
  await db.execute(
    sql`create table bench_floor_log (id bigserial primary key, counter int not null, at timestamptz not null, data jsonb)`,
  );
  await db.execute(
    sql`insert into bench_floor select g, 0 from generate_series(0, ${callers - 1}) g`,
  );
  return () =>
    measure((_, caller) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`update bench_floor set n = n + 1 where id = ${caller}`);
        await tx.execute(
          sql`insert into bench_floor_log (counter, at, data) values (${caller}, now(), '{}')`,
        );
      }),
    );
}

const SEND = "instances.send, events applied";
const COMPLETE = "tasks.complete (completes one task, opens the next)";
const HTTP = "HTTP task completions, 1 server process";

/**
 * The floor, the ceiling, sends, completions and HTTP completions, one of each per
 * round; then their rows, with pgbench's after the ceiling.
 */
async function measureRounds(): Promise<void> {
  const ceiling = onPostgres
    ? await ceilingRounds(engine, database.url, { callers, events, rounds })
    : null;
  const kinds: { label: string; run: () => Promise<Figure> }[] = [
    { label: FLOOR, run: await floorRounds() },
    ...(ceiling ? [{ label: CEILING, run: () => ceiling.run(dbCpu()) }] : []),
    { label: SEND, run: await sendRounds() },
    { label: COMPLETE, run: await completeRounds() },
  ];
  const runs = new Map<string, Figure[]>(kinds.map((kind) => [kind.label, []]));
  const http =
    onPostgres && httpTasks > 0
      ? await startHttpCompletions(engine, database.url, { servers: 1, connections })
      : null;
  const httpRuns: HttpRun[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      console.log(`  (round ${round} of ${rounds}, load average ${load()})`);
      for (const kind of kinds) runs.get(kind.label)!.push(await kind.run());
      if (http) httpRuns.push(await http.run(httpTasks, dbCpu()));
    }
  } finally {
    await http?.stop();
    await ceiling?.end();
  }
  row(FLOOR, runs.get(FLOOR)!);
  if (onPostgres) {
    row(CEILING, runs.get(CEILING)!);
    const floorTps = pgbenchFloor(database.url);
    if (floorTps === null) report.print("pgbench: not installed or failed");
    else {
      row("pgbench: the floor's UPDATE + INSERT", { rate: floorTps });
      if (pgbenchSeconds > 0) {
        const standard = await pgbenchStandard(process.env.DATABASE_URL ?? database.url);
        if (standard !== null)
          row(`pgbench -i -s 1, -T ${pgbenchSeconds} (TPC-B-like)`, { rate: standard });
      }
    }
  } else report.print(`${CEILING.padEnd(56)} not measured on PGlite (a postgres.js script)`);
  row(SEND, runs.get(SEND)!);
  row(COMPLETE, runs.get(COMPLETE)!);
  if (httpRuns.length > 0) {
    const statements = await httpStatementsPerCompletion(engine, database.url, 50);
    const errors = httpRuns.reduce((n, run) => n + run.non2xx, 0);
    row(
      HTTP,
      httpRuns.map((run) => ({
        rate: run.perSecond,
        cpuMs: run.cpuMs,
        dbCpuMs: run.dbCpuMs,
        statements,
      })),
      `p50 ${fmt(median(httpRuns.map((run) => run.p50)))} ms, p99 ${fmt(Math.max(...httpRuns.map((run) => run.p99)))} ms${errors ? `, ${errors} non-2xx or errors` : ""}`,
    );
  }
}

/** Runs pgbench; its tps (without the connection time), or null when it is missing or fails. */
function pgbench(pgbenchArgs: string[]): number | null {
  try {
    const out = execFileSync("pgbench", pgbenchArgs, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** pgbench running the floor's transaction. */
function pgbenchFloor(url: string): number | null {
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
    const perCaller = String(Math.ceil(events / callers));
    return pgbench(["-n", "-c", String(callers), "-j", "2", "-t", perCaller, "-f", script, url]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench's own TPC-B-like transaction (`pgbench -i`, then `-T`), on a scratch database. */
async function pgbenchStandard(serverUrl: string): Promise<number | null> {
  const name = `zhiben_pgbench_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      execFileSync("pgbench", ["-i", "-q", "-s", "1", url.toString()], { stdio: "ignore" });
    } catch {
      return null;
    }
    return pgbench([
      "-c",
      String(callers),
      "-j",
      "2",
      "-T",
      String(pgbenchSeconds),
      url.toString(),
    ]);
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function drainFigure(
  result: DrainResult & { cpuMs?: number; dbCpuMs?: number | null },
  statements?: number,
): Figure {
  const partial = result.complete
    ? ""
    : `PARTIAL: budget spent, ${fmt(result.of - result.timers)} of ${fmt(result.of)} not fired; `;
  return {
    rate: result.perSecond,
    cpuMs: result.cpuMs,
    dbCpuMs: result.dbCpuMs,
    statements,
    note: `${partial}${fmt(result.timers)} in ${fmt(result.seconds, 2)} s; lateness p50 ${fmt(result.lateness.p50)} ms, p99 ${fmt(result.lateness.p99)} ms, max ${fmt(result.lateness.max)} ms; load ${load()}`,
  };
}

/** Drains a fresh batch of `count` timers; an unfinished batch is cancelled once `stop` has run, so the next drain starts clean. */
async function drainBatch(
  count: number,
  start: () => void | Promise<void>,
  stop: () => Promise<void>,
): Promise<DrainResult & { cpuMs: number; dbCpuMs: number | null }> {
  const prepared = await prepareTimers(engine, count);
  const server = dbCpu();
  let serverMs: number | null = null;
  const cpu = process.cpuUsage();
  let result: DrainResult;
  try {
    result = await drainTimers(
      engine,
      prepared,
      async () => {
        await server?.start();
        await start();
      },
      {
        budgetMs,
        ...(watcher
          ? {
              // Text first: typed as timestamptz, postgres.js would send the instant in ms and miss the last microseconds.
              countPending: async (dueAt: string) => {
                const [row] = await watcher.unsafe<{ n: number }[]>(
                  `select count(*)::int as n from jobs
                    where status = 'pending' and kind = 'timer' and due_at <= $1::text::timestamptz`,
                  [dueAt],
                );
                return row?.n ?? 0;
              },
            }
          : {}),
      },
    );
    // Before the workers stop: their backends' CPU goes with their connections.
    serverMs = (await server?.stop()) ?? null;
  } finally {
    await stop();
  }
  const used = process.cpuUsage(cpu);
  if (!result.complete) await prepared.discard();
  const timers = Math.max(1, result.timers);
  return {
    ...result,
    cpuMs: (used.user + used.system) / 1000 / timers,
    dbCpuMs: serverMs === null ? null : serverMs / timers,
  };
}

/**
 * One in-process worker, with the statements it sent per timer. On PostgreSQL
 * the worker runs on an engine of its own, so that only its statements count;
 * PGlite in memory is one database per engine, so there the drain's progress
 * queries (four a second) count too.
 */
async function inProcessDrain(count: number): Promise<Figure> {
  let workerStatements = 0;
  const own = onPostgres
    ? await createEngine({
        database: database.url,
        poolSize: 4,
        onStatement: () => void workerStatements++,
      })
    : null;
  const sentBefore = statementsSent;
  let worker: { stop(): Promise<void> } | null = null;
  try {
    const result = await drainBatch(
      count,
      () => {
        worker = (own ?? engine).startWorker({ batchSize });
      },
      async () => {
        await worker?.stop();
      },
    );
    const sent = own ? workerStatements : statementsSent - sentBefore;
    return drainFigure(result, sent / Math.max(1, result.timers));
  } finally {
    await own?.close();
  }
}

/**
 * Worker processes draining `timerCount` timers. A fresh process spends its first
 * thousands of timers compiling its hot code (V8's optimizing compiler, on threads of
 * its own): about 0.35 s of CPU, paid once per process, not per timer. Each process
 * first fires `warmTimers` timers, unmeasured (test/bench/RESULTS.md, session 8).
 */
async function processDrain(count: number): Promise<Figure> {
  const warm = warmTimers > 0 ? `, warmed with ${fmt(warmTimers)} timers each` : "";
  console.log(
    `  (starting ${count} worker process${count > 1 ? "es" : ""}${warm}, load average ${load()})`,
  );
  const processes = await startWorkerProcesses(
    count,
    database.url,
    batchSize ? { WORKER_BATCH: String(batchSize) } : {},
  );
  const pids = processes.map((p) => p.child.pid ?? 0);
  if (warmTimers > 0) {
    // Started by this drain's `go`; the measured one's makeDue wakes them (NOTIFY).
    const warmUp = await prepareTimers(engine, warmTimers * count);
    await drainTimers(engine, warmUp, () => processes.forEach((p) => p.go()), {
      budgetMs,
      progressMs: 0,
    });
  }
  let cpuAtGo: number | null = null;
  let cpuAtEnd: number | null = null;
  const result = await drainBatch(
    timerCount,
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
  return drainFigure({ ...result, cpuMs });
}

try {
  const cores = execFileSync("nproc", { encoding: "utf8" }).trim();
  report.print(
    `Zhiben benchmark on ${onPostgres ? "PostgreSQL (postgres.js)" : "PGlite in memory"}, ${cores} cores, node ${process.version}`,
  );
  report.print(
    `${events} events, ${callers} concurrent callers, ${rounds} rounds, ${timerCount} timers` +
      (onPostgres ? `, HTTP: ${httpTasks} tasks over ${connections} connections` : ""),
  );
  report.print(
    "CPU ms: Node CPU per event (of the process doing the work); stmts: statements sent per event\n",
  );
  printHeader();

  if (!args["only-processes"]) await measureRounds();

  if (timerCount === 0) {
    report.print("timers: not measured (--timers 0)");
  } else if (onPostgres) {
    if (!args["only-processes"])
      row("timers, one in-process worker, 2,000 timers", await inProcessDrain(2000));
    for (const count of args.processes.split(",").filter(Boolean).map(Number)) {
      row(`timers, ${count} worker process${count > 1 ? "es" : ""}`, await processDrain(count));
    }
  } else {
    row("timers, one worker (PGlite: one process)", await inProcessDrain(timerCount));
    report.print("timers, two workers: PGlite is one process with one connection, not measured");
  }
} finally {
  await watcher?.end();
  await engine.close();
  await database.drop();
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
