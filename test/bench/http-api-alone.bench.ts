/**
 * What the HTTP API itself costs per task completion, without the engine's
 * work: a server in this process whose `engine.tasks.complete` answers one
 * canned result (the same task and instance every time, so the same response
 * size), completed by autocannon in a child process (8 connections); Node CPU
 * of this process per request. Beside it the floor: a bare Hono app on
 * @hono/node-server answering a body of the same size. CPU per request is
 * read with `process.cpuUsage`, less sensitive to the machine's load than the
 * rate; a CPU profile's shares are not (a sample taken while the process waits
 * in a socket write counts as the write).
 *
 *   npx tsx test/bench/http-api-alone.bench.ts [--requests 10000] [--runs 3]
 */
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { login, startApiServer } from "../scale/http-servers.js";
import { fmt } from "./measure.js";
import { openReviewTasks } from "./write-set-ceiling.js";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
  },
});
const execFileAsync = promisify(execFile);
const BODY = JSON.stringify({ outcome: "PASS", data: {} });

/** Node CPU of this process per 2xx answer while autocannon (another process) sends `requests`. */
async function cpuPerRequest(url: string, headers: string[]): Promise<number> {
  const before = process.cpuUsage();
  const { stdout } = await execFileAsync(
    "node_modules/.bin/autocannon",
    [
      "-c",
      "8",
      "-a",
      args.requests,
      "-m",
      "POST",
      ...headers.flatMap((h) => ["-H", h]),
      "-b",
      BODY,
      "-j",
      url,
    ],
    { encoding: "utf8" },
  );
  const used = process.cpuUsage(before);
  const ok = (JSON.parse(stdout) as { "2xx": number })["2xx"];
  if (ok === 0) throw new Error(`no 2xx answer from ${url}`);
  return (used.user + used.system) / 1000 / ok;
}

async function series(label: string, measure: () => Promise<number>): Promise<void> {
  await measure(); // warm-up
  const figures: number[] = [];
  for (let i = 0; i < Number(args.runs); i++) figures.push(await measure());
  console.log(`${label.padEnd(44)} ${figures.map((f) => fmt(f, 3)).join("  ")} ms CPU per request`);
}

const server = await startApiServer(process.env.DATABASE_URL ?? "pglite://memory");
let responseBytes = 0;
try {
  const engine = server.engine;
  const [taskId] = await openReviewTasks(engine, 1);
  const token = await login(server.url);
  const complete = await engine.tasks.complete(
    taskId!,
    { outcome: "PASS", data: {} },
    { id: "admin", groups: ["process-admin"] },
  );
  (engine.tasks as { complete: typeof engine.tasks.complete }).complete = async () => complete;
  const url = `${server.url}/api/tasks/${taskId}/complete`;
  const auth = [`authorization=Bearer ${token}`, "content-type=application/json"];
  const sample = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: BODY,
  });
  responseBytes = (await sample.text()).length;
  await series("the API, engine answering a canned result", () => cpuPerRequest(url, auth));
} finally {
  await server.dispose();
}

const floor = new Hono();
const answer = JSON.stringify({ padding: "x".repeat(Math.max(0, responseBytes - 16)) });
floor.post("/api/tasks/:id/complete", async (c) => {
  await c.req.json();
  return c.body(answer, 200, { "Content-Type": "application/json" });
});
const bare = serve({ fetch: floor.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((resolve) => bare.once("listening", resolve));
try {
  const { port } = bare.address() as { port: number };
  const url = `http://127.0.0.1:${port}/api/tasks/00000000-0000-4000-8000-000000000000/complete`;
  await series(`floor: bare Hono, ${responseBytes}-byte answer`, () =>
    cpuPerRequest(url, ["content-type=application/json"]),
  );
} finally {
  bare.close();
}
process.exit(0);
