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
import { createEngine } from "../../engine/index.js";
import { createTestDatabase } from "../support/test-database.js";
import { BENCH_ACTOR, benchCounter } from "./bench-processes.js";
import { countStatements } from "./count-statements.js";
import { fmt, runConcurrently } from "./measure.js";
import { openReviewTasks } from "./write-set-ceiling.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "3000" },
    callers: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
    /** `send` or `complete` (default both). */
    only: { type: "string" },
  },
});
const events = Number(args.events);
const callers = Number(args.callers);
const rounds = Number(args.rounds);

const database = await createTestDatabase();
const engine = await createEngine({ database: database.url, poolSize: 10 });
const WARM_UP = 300;

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
  const cpu = process.cpuUsage();
  const seconds = await runConcurrently(callers, events, call);
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(40)} ${fmt(events / seconds).padStart(6)}/s  ${fmt((used.user + used.system) / 1000 / events, 3)} ms CPU  ${statements} stmts`,
  );
}

try {
  if (args.only !== "complete") {
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
  if (args.only !== "send") {
    const ids = await openReviewTasks(engine, WARM_UP + events * rounds);
    let next = 0;
    const complete = () => engine.tasks.complete(ids[next++]!, { outcome: "PASS" }, BENCH_ACTOR);
    const statements = await warmUp(complete);
    for (let round = 1; round <= rounds; round++)
      await measure(`tasks.complete, round ${round}`, statements, complete);
  }
} finally {
  await engine.close();
  await database.drop();
}
