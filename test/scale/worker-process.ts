/**
 * A worker process for the scale benchmarks and fault tests: an engine on
 * `DATABASE_URL` running only the job worker (what `ZHIBEN_ROLE=worker` runs).
 * It prints `ready` once connected, starts working on a `go` line on stdin and
 * exits cleanly on `stop` (or when stdin closes).
 *
 * Options from the environment: WORKER_BATCH (jobs per transaction, default the engine's),
 * WORKER_POLL_MS (default 1000), WORKER_POOL (connections, default 4), WORKER_LANES (batches
 * at once, default the engine's), WORKER_CLOCK
 * (an ISO instant: the engine's clock stands still there).
 *
 * A line `calendar <year>` answers `calendar <year> complete` or `… incomplete`: what
 * the working calendar in this process's memory says of the year.
 */
import { createInterface } from "node:readline";
import { createEngine, createManualClock } from "../../engine/index.js";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");

const engine = await createEngine({
  database: url,
  poolSize: Number(process.env.WORKER_POOL ?? 4),
  ...(process.env.WORKER_CLOCK ? { clock: createManualClock(process.env.WORKER_CLOCK) } : {}),
});
let worker: { stop(): Promise<void> } | null = null;
process.stdout.write("ready\n");

const lines = createInterface({ input: process.stdin });
async function finish() {
  await worker?.stop();
  await engine.close();
  process.exit(0);
}
lines.on("line", (line) => {
  if (line === "go" && !worker) {
    worker = engine.startWorker({
      ...(process.env.WORKER_BATCH ? { batchSize: Number(process.env.WORKER_BATCH) } : {}),
      ...(process.env.WORKER_LANES ? { lanes: Number(process.env.WORKER_LANES) } : {}),
      pollMs: Number(process.env.WORKER_POLL_MS ?? 1000),
    });
  } else if (line === "stop") {
    void finish();
  } else if (line.startsWith("calendar ")) {
    const year = Number(line.slice("calendar ".length));
    const state = engine.calendar.current().isComplete(year) ? "complete" : "incomplete";
    process.stdout.write(`calendar ${year} ${state}\n`);
  }
});
lines.on("close", () => void finish());
