/**
 * The worker loop: fires due schedules and runs due jobs, sleeps until NOTIFY
 * wakes it or the poll interval passes. Any number of workers may run against one database.
 */
import type { Worker } from "../engine.js";
import { CHANNEL_JOBS, type EngineContext } from "../service/context.js";
import { compactInstanceCounts } from "../service/instance-counts.js";
import { DEFAULT_BATCH_SIZE, runJobBatch } from "./run-due-jobs.js";
import { runDueSchedules } from "./fire-schedules.js";
import { describeError } from "../store/driver-error.js";
import { startWakeLoop } from "./wake-loop.js";

export interface WorkerOptions {
  pollMs?: number;
  batchSize?: number;
  /** How often the dashboard counts' pending changes are folded in (default 10 s). */
  foldCountsMs?: number;
}

export function startWorker(ctx: EngineContext, options: WorkerOptions = {}): Worker {
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const foldCountsMs = options.foldCountsMs ?? 10_000;
  let foldedAt = 0;
  let checkedSchedulesAt = 0;
  let busy = false;
  return startWakeLoop(ctx.database, {
    channel: CHANNEL_JOBS,
    pollMs,
    onListenError: (error) =>
      ctx.logger.warn({ err: String(error) }, "worker cannot LISTEN; polling only"),
    async round(stopped) {
      let more = false;
      // Schedules at most once a pollMs while busy with jobs; every time it is idle.
      if (Date.now() - checkedSchedulesAt >= pollMs || !busy) {
        checkedSchedulesAt = Date.now();
        try {
          await runDueSchedules(ctx);
        } catch (error) {
          ctx.logger.error({ err: describeError(error) }, "worker schedules failed");
        }
      }
      try {
        ({ more } = await runJobBatch(ctx, batchSize));
        busy = more;
      } catch (error) {
        ctx.logger.error({ err: describeError(error) }, "worker batch failed");
      }
      if (Date.now() - foldedAt >= foldCountsMs && !stopped()) {
        foldedAt = Date.now();
        await compactInstanceCounts(ctx.database.db).catch((error: unknown) =>
          ctx.logger.warn(
            { err: describeError(error) },
            "folding the dashboard counts failed; retried later",
          ),
        );
      }
      return more;
    },
  });
}
