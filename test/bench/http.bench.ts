/**
 * HTTP load with autocannon against 1, 2 and 4 server processes
 * (`ZHIBEN_ROLE=api`, api/main.ts) on one PostgreSQL: task completions per
 * second with p50/p99 latency (each completes a task and opens the next, as in
 * test/bench/http-completions.ts), and, with `--inbox-db`, inbox queries on the
 * big data set of `npm run bench:data`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/bench/http.bench.ts --servers 1,2,4
 *   … --inbox-db postgres://postgres@127.0.0.1:5432/zhiben_bench_data
 *
 * Each server gets its own share of the tasks and its own autocannon run (8
 * connections); the figures are summed (rate) or the worst of the runs (p50, p99).
 */
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createEngine } from "../../engine/index.js";
import { login } from "../scale/http-servers.js";
import { startServerProcesses } from "../scale/server-processes.js";
import { createTestDatabase } from "../support/test-database.js";
import { combine, httpCompletions, type Load } from "./http-completions.js";
import { fmt } from "./measure.js";
import { createReport } from "./report.js";

const { values: args } = parseArgs({
  options: {
    servers: { type: "string", default: "1,2,4" },
    tasks: { type: "string", default: "4000" },
    connections: { type: "string", default: "8" },
    "inbox-db": { type: "string" },
    seconds: { type: "string", default: "10" },
  },
});

async function completions(count: number): Promise<Load & { cpuMs: number | null }> {
  const database = await createTestDatabase();
  const engine = await createEngine({ database: database.url, poolSize: 4 });
  try {
    return await httpCompletions(engine, database.url, {
      servers: count,
      tasks: Number(args.tasks),
      connections: Number(args.connections),
    });
  } finally {
    await engine.close();
    await database.drop();
  }
}

async function inbox(count: number, database: string): Promise<Load> {
  const { servers, stop } = await startServerProcesses(count, database);
  try {
    const adminToken = await login(servers[0]!.url);
    const username = `bench-officer-${Date.now()}`;
    const created = await fetch(`${servers[0]!.url}/api/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        username,
        name: "Bench officer",
        password: "bench-pass-1",
        groups: ["safety-office-t7", "enterprise-e1234"],
      }),
    });
    if (!created.ok)
      throw new Error(`cannot create the bench user: ${created.status} ${await created.text()}`);
    const tokens = await Promise.all(
      servers.map(async (s) => {
        const response = await fetch(`${s.url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password: "bench-pass-1" }),
        });
        return ((await response.json()) as { token: string }).token;
      }),
    );
    const seconds = Number(args.seconds);
    const results = await Promise.all(
      servers.map((server, s) =>
        autocannon({
          url: `${server.url}/api/tasks?limit=50`,
          connections: Number(args.connections),
          duration: seconds,
          headers: { authorization: `Bearer ${tokens[s]}` },
        }),
      ),
    );
    return combine(results, seconds);
  } finally {
    await stop();
  }
}

const report = createReport();
report.print(
  `HTTP load: ${args.connections} autocannon connections per server process, ${args.seconds} s per run`,
);
const print = (label: string, load: Load & { cpuMs?: number | null }) =>
  report.print(
    `${label.padEnd(40)} ${fmt(load.perSecond).padStart(6)}/s   p50 ${fmt(load.p50)} ms   p99 ${fmt(load.p99)} ms${load.cpuMs == null ? "" : `   server CPU ${fmt(load.cpuMs, 2)} ms each`}${load.non2xx ? `   (${load.non2xx} non-2xx or errors)` : ""}`,
  );

for (const count of args.servers.split(",").map(Number)) {
  print(
    `task completions, ${count} server process${count > 1 ? "es" : ""}`,
    await completions(count),
  );
}
if (args["inbox-db"]) {
  for (const count of args.servers.split(",").map(Number)) {
    print(
      `inbox (big data), ${count} server process${count > 1 ? "es" : ""}`,
      await inbox(count, args["inbox-db"]),
    );
  }
}
const saved = await report.save();
if (saved) console.log(`\nsummary written to ${saved}`);
