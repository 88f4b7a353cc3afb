/**
 * Node CPU per `instances.send` and per `tasks.complete`, alone: no floor, no
 * HTTP, no timers, so that a CPU profile (`node --cpu-prof`) shows only the
 * change path. Prints the CPU per event (`process.cpuUsage`, little moved by
 * other load) for each round and the statements per event (counted in the warm-up).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/bench/change-cpu.bench.ts
 *   DATABASE_URL=… node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx test/bench/change-cpu.bench.ts --only send
 *
 * (tsx's loader thread writes a second, small profile: read the larger one.)
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createEngine } from "../../engine/index.js";
import { createTestDatabase } from "../support/test-database.js";
import { BENCH_ACTOR, benchCounter } from "./bench-processes.js";
import { countStatements } from "./count-statements.js";
import { databaseCpu, fmt, runConcurrently } from "./measure.js";
import { drainTimers, prepareTimers } from "./timer-drain.js";
import { openReviewTasks } from "./write-set-ceiling.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "3000" },
    callers: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
    /** `send`, `complete` or `timers` (default send and complete). */
    only: { type: "string" },
    /** Timers due at once for `--only timers`, drained by one in-process worker. */
    timers: { type: "string", default: "5000" },
    /** The worker's lanes for `--only timers` (default: the engine's), e.g. "1,2" to alternate. */
    lanes: { type: "string" },
  },
});
const events = Number(args.events);
const callers = Number(args.callers);
const rounds = Number(args.rounds);

const database = await createTestDatabase();
const engine = await createEngine({ database: database.url, poolSize: 10 });
const WARM_UP = 300;
/** Reads which backends serve the engines, for their CPU (PostgreSQL only). */
const watcher = database.url.startsWith("postgres")
  ? postgres(database.url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "zhiben-bench" },
    })
  : null;

/** Statements per call, counted in the warm-up (with the count on, postgres.js captures a stack per query). */
async function warmUp(call: (i: number, caller: number) => Promise<unknown>): Promise<string> {
  const counter = countStatements(engine.database.db);
  await runConcurrently(callers, WARM_UP, call);
  return counter ? fmt(counter.stop() / WARM_UP, 2) : "n/a";
}

async function measure(
  label: string,
  statements: string,
  call: (i: number, caller: number) => Promise<unknown>,
) {
  const server = serverCpu();
  await server?.start();
  const cpu = process.cpuUsage();
  const seconds = await runConcurrently(callers, events, call);
  const used = process.cpuUsage(cpu);
  const dbMs = (await server?.stop()) ?? null;
  console.log(
    `${label.padEnd(40)} ${fmt(events / seconds).padStart(6)}/s  ${fmt((used.user + used.system) / 1000 / events, 3)} ms CPU  ${dbMs === null ? "" : `${fmt(dbMs / events, 3)} ms DB CPU  `}${statements} stmts`,
  );
}

/** The CPU of the database's backends serving this bench's engines (PostgreSQL only). */
function serverCpu() {
  if (!watcher) return null;
  const name = new URL(database.url).pathname.slice(1);
  return databaseCpu(async () =>
    (
      await watcher<{ pid: number }[]>`select pid from pg_stat_activity
        where datname = ${name} and application_name is distinct from 'zhiben-bench'`
    ).map((r) => r.pid),
  );
}

/** `count` timers due at once, drained by a worker on an engine of its own: its CPU and the database's per timer. */
async function timers(count: number, lanes: number | undefined) {
  const prepared = await prepareTimers(engine, count);
  const server = serverCpu();
  const own = await createEngine({ database: database.url, poolSize: 4 });
  let worker: { stop(): Promise<void> } | null = null;
  let cpu = process.cpuUsage();
  try {
    const result = await drainTimers(engine, prepared, async () => {
      await server?.start();
      cpu = process.cpuUsage();
      worker = own.startWorker(lanes ? { lanes } : {});
    });
    const used = process.cpuUsage(cpu);
    const dbMs = (await server?.stop()) ?? null;
    console.log(
      `timers, one in-process worker, ${fmt(count)}${lanes ? `, ${lanes} lanes` : ""}`.padEnd(40),
      `${fmt(result.perSecond).padStart(6)}/s  ${fmt((used.user + used.system) / 1000 / result.timers, 3)} ms CPU (worker and the drain's polling)  ${dbMs === null ? "" : `${fmt(dbMs / result.timers, 3)} ms DB CPU`}`,
    );
  } finally {
    await (worker as { stop(): Promise<void> } | null)?.stop();
    await own.close();
  }
}

try {
  if (args.only === "timers") {
    const lanes = args.lanes ? args.lanes.split(",").map(Number) : [undefined];
    for (let round = 1; round <= rounds; round++)
      for (const l of lanes) await timers(Number(args.timers), l);
  } else if (args.only !== "complete") {
    await engine.definitions.publish(benchCounter);
    const counters = await Promise.all(
      Array.from({ length: callers }, () => engine.instances.start("bench-counter", {})),
    );
    const send = (_: number, caller: number) =>
      engine.instances.send(counters[caller]!.id, { type: "BUMP" });
    const statements = await warmUp(send);
    for (let round = 1; round <= rounds; round++)
      await measure(`instances.send, round ${round}`, statements, send);
  }
  if (args.only === undefined || args.only === "complete") {
    const ids = await openReviewTasks(engine, WARM_UP + events * rounds);
    let next = 0;
    const complete = () => engine.tasks.complete(ids[next++]!, { outcome: "PASS" }, BENCH_ACTOR);
    const statements = await warmUp(complete);
    for (let round = 1; round <= rounds; round++)
      await measure(`tasks.complete, round ${round}`, statements, complete);
  }
} finally {
  await watcher?.end();
  await engine.close();
  await database.drop();
}
