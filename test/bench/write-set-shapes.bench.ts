/**
 * What BEGIN, COMMIT and the round trips between a change's statements cost: the
 * write-set ceiling's completion sent in three shapes (`CeilingShape`), their rounds
 * interleaved in one process so that the machine's drift falls on all three alike.
 * Prints each round's completions per second, Node CPU and PostgreSQL CPU per
 * completion, then the medians; first, the driver's own Node CPU per statement
 * (`select 1`, prepared, from the same callers), the part of every shape that
 * only fewer statements can lower.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/bench/write-set-shapes.bench.ts [--rounds 3] [--events 3000]
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createEngine } from "../../engine/index.js";
import { createTestDatabase } from "../support/test-database.js";
import { databaseCpu, fmt, runConcurrently } from "./measure.js";
import {
  ceilingRounds,
  type CeilingResult,
  type CeilingRounds,
  type CeilingShape,
} from "./write-set-ceiling.js";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "3000" },
    callers: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
  },
});
const events = Number(args.events);
const callers = Number(args.callers);
const rounds = Number(args.rounds);
const SHAPES: CeilingShape[] = ["awaited", "pipelined", "unlocked"];

const database = await createTestDatabase();
if (!database.url.startsWith("postgres")) {
  console.log("write-set shapes: PostgreSQL only (set DATABASE_URL)");
  await database.drop();
  process.exit(0);
}
const engine = await createEngine({ database: database.url, poolSize: 2 });
const watcher = postgres(database.url, {
  max: 1,
  onnotice: () => {},
  connection: { application_name: "zhiben-bench" },
});
const name = new URL(database.url).pathname.slice(1);
/** The CPU of the backends serving the shapes' clients (not the watcher's). */
const server = () =>
  databaseCpu(async () =>
    (
      await watcher<{ pid: number }[]>`select pid from pg_stat_activity
        where datname = ${name} and application_name is distinct from 'zhiben-bench'`
    ).map((r) => r.pid),
  );

const line = (shape: string, r: Pick<CeilingResult, "rate" | "cpuMs" | "dbCpuMs">) =>
  `${shape.padEnd(10)} ${fmt(r.rate).padStart(6)}/s  ${fmt(r.cpuMs, 3)} ms Node CPU  ${r.dbCpuMs === null ? "" : `${fmt(r.dbCpuMs, 3)} ms DB CPU`}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** postgres.js's Node CPU per statement: `select 1`, prepared, from `callers` loops. */
async function perStatement(statements: number): Promise<number> {
  const sql = postgres(database.url, { max: callers, onnotice: () => {} });
  try {
    await runConcurrently(callers, 2000, () => sql`select 1`);
    const cpu = process.cpuUsage();
    await runConcurrently(callers, statements, () => sql`select 1`);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / statements;
  } finally {
    await sql.end();
  }
}

/** Each shape's rounds, closed at the end whatever happens. */
const setups: CeilingRounds[] = [];
try {
  console.log(`postgres.js alone: ${fmt(await perStatement(20_000), 3)} ms Node CPU per statement`);
  for (const shape of SHAPES)
    setups.push(await ceilingRounds(engine, database.url, { callers, events, rounds, shape }));
  const results = new Map<CeilingShape, CeilingResult[]>(SHAPES.map((s) => [s, []]));
  console.log(`${events} completions per round, ${callers} callers, ${rounds} rounds`);
  for (let round = 1; round <= rounds; round++)
    for (const [i, shape] of SHAPES.entries()) {
      const result = await setups[i]!.run(server());
      results.get(shape)!.push(result);
      console.log(`round ${round}  ${line(shape, result)}`);
    }
  console.log("medians");
  for (const [shape, runs] of results)
    console.log(
      `         ${line(shape, {
        rate: median(runs.map((r) => r.rate)),
        cpuMs: median(runs.map((r) => r.cpuMs)),
        dbCpuMs: runs[0]!.dbCpuMs === null ? null : median(runs.map((r) => r.dbCpuMs!)),
      })}`,
    );
} finally {
  await Promise.all(setups.map((s) => s.end()));
  await watcher.end();
  await engine.close();
  await database.drop();
}
