/**
 * Task completions over HTTP: server processes (`api/main.ts`, API role) on
 * the bench's database, autocannon completing bench-review tasks
 * (`POST /api/tasks/:id/complete`, each one completes a task and opens the
 * next). Used by `npm run bench` and `npm run bench:http`.
 */
import autocannon from "autocannon";
import type { Engine } from "../../engine/engine.js";
import { login, startApiServer } from "../scale/http-servers.js";
import { startServerProcesses } from "../scale/server-processes.js";
import { countStatements } from "./count-statements.js";
import { processCpuMs, type DatabaseCpu } from "./measure.js";
import { openReviewTasks } from "./write-set-ceiling.js";

export interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** Sums the rates of runs that went on at the same time; the worst p50 and p99. */
export function combine(results: autocannon.Result[], seconds: number): Load {
  const ok = results.reduce((n, r) => n + r["2xx"], 0);
  return {
    perSecond: ok / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
}

function completing(url: string, token: string, ids: string[], connections: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    amount: ids.length,
    // autocannon ends a run at its next sample after the last answer: with the default
    // 1 s, a 5 s run counted up to 6 (the rates came out as 3,000 / whole seconds).
    sampleInt: 50,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({
          ...request,
          path: `/api/tasks/${ids[next++ % ids.length]}/complete`,
          body: JSON.stringify({ outcome: "PASS", data: {} }),
        }),
      },
    ],
  });
}

/**
 * Completions each server process makes before the measured ones. A server takes
 * thousands to warm up (V8 optimizes its hot code as it runs): after 300, eight
 * runs of 2,000 on one server cost 2.25, 1.30, 1.35, 1.22, 1.10, 1.17, 1.27 and
 * 1.19 ms of server CPU each (437/s in the first run, 560–653/s after it).
 */
const WARM_UP = 2000;

/** One measured run: its load, the servers' CPU per completion and PostgreSQL's (when measured). */
export type HttpRun = Load & { cpuMs: number | null; dbCpuMs: number | null };

/** Server processes started and warmed up, for runs of completions one after another. */
export interface HttpCompletions {
  /** `tasks` completions spread over the servers; `server` measures PostgreSQL's CPU. */
  run(tasks: number, server?: DatabaseCpu | null): Promise<HttpRun>;
  stop(): Promise<void>;
}

/**
 * Starts `servers` server processes on the bench's database and warms each up;
 * each run then completes fresh bench-review tasks from `connections`
 * autocannon connections per server.
 */
export async function startHttpCompletions(
  engine: Engine,
  databaseUrl: string,
  options: { servers: number; connections: number; warmUp?: number },
): Promise<HttpCompletions> {
  const { servers, stop } = await startServerProcesses(options.servers, databaseUrl);
  try {
    const tokens = await Promise.all(servers.map((s) => login(s.url)));
    /** Each server completes its `size` tasks of `from` (the s-th share), all at once. */
    const completeShares = (from: string[], size: number) =>
      Promise.all(
        servers.map((server, s) =>
          completing(
            server.url,
            tokens[s]!,
            from.slice(s * size, (s + 1) * size),
            options.connections,
          ),
        ),
      );
    // Each server first completes some of its own (JIT, caches, pool connections), as the
    // in-process benches warm up; a cold server's slow first seconds lowered the rate.
    const warmUp = options.warmUp ?? WARM_UP;
    if (warmUp > 0)
      await completeShares(await openReviewTasks(engine, warmUp * servers.length), warmUp);
    const pids = servers.map((s) => s.child.pid ?? 0);
    return {
      async run(tasks, server) {
        const ids = await openReviewTasks(engine, tasks);
        const share = Math.floor(ids.length / servers.length);
        await server?.start();
        const cpuBefore = processCpuMs(pids);
        const started = performance.now();
        const results = await completeShares(ids, share);
        const seconds = (performance.now() - started) / 1000;
        const cpuAfter = processCpuMs(pids);
        const serverMs = (await server?.stop()) ?? null;
        const load = combine(results, seconds);
        const completed = Math.max(1, load.perSecond * seconds);
        return {
          ...load,
          dbCpuMs: serverMs === null ? null : serverMs / completed,
          cpuMs:
            cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / completed,
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `tasks` completions spread over `servers` server processes, `connections`
 * autocannon connections each, after a warm-up. `cpuMs`: the servers' CPU per
 * completion; `dbCpuMs`: PostgreSQL's, when `server` measures it.
 */
export async function httpCompletions(
  engine: Engine,
  databaseUrl: string,
  options: { servers: number; tasks: number; connections: number; server?: DatabaseCpu | null },
): Promise<HttpRun> {
  const http = await startHttpCompletions(engine, databaseUrl, {
    ...options,
    warmUp: Math.min(WARM_UP, Math.floor(options.tasks / 10)),
  });
  try {
    return await http.run(options.tasks, options.server);
  } finally {
    await http.stop();
  }
}

/**
 * Statements one HTTP task completion sends, the authentication's included:
 * `count` completions, one at a time, through a server in this process.
 * Null on PGlite (no statement hook).
 */
export async function httpStatementsPerCompletion(
  engine: Engine,
  databaseUrl: string,
  count: number,
): Promise<number | null> {
  const ids = await openReviewTasks(engine, count + 1);
  const server = await startApiServer(databaseUrl);
  try {
    const token = await login(server.url);
    const complete = (id: string) =>
      fetch(`${server.url}/api/tasks/${id}/complete`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ outcome: "PASS", data: {} }),
      }).then(async (response) => {
        if (!response.ok) throw new Error(`completion failed: ${response.status}`);
        await response.arrayBuffer();
      });
    await complete(ids[0]!); // warm-up: caches filled as under load
    const counter = countStatements(server.engine.database.db);
    if (!counter) return null;
    for (const id of ids.slice(1)) await complete(id);
    return counter.stop() / count;
  } finally {
    await server.dispose();
  }
}
