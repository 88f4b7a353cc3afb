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
  /**
   * Batches of due jobs run at once while a backlog lasts (default 2 on PostgreSQL, 1 on
   * PGlite, whose one connection runs one transaction at a time). With two, one batch is
   * planned in Node while the other is written by PostgreSQL; they claim different jobs
   * and instances (`SKIP LOCKED`), as two workers do.
   */
  lanes?: number;
}

export function startWorker(ctx: EngineContext, options: WorkerOptions = {}): Worker {
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const foldCountsMs = options.foldCountsMs ?? 10_000;
  const lanes = Math.max(1, options.lanes ?? (ctx.database.kind === "postgres" ? 2 : 1));
  let foldedAt = 0;
  let checkedSchedulesAt = 0;
  let busy = false;
  /** One batch; errors are logged, never thrown (the loop goes on). */
  const batch = async (): Promise<boolean> => {
    try {
      return (await runJobBatch(ctx, batchSize)).more;
    } catch (error) {
      ctx.logger.error({ err: describeError(error) }, "worker batch failed");
      return false;
    }
  };
  // The other lanes work only while the first finds a backlog: it wakes them.
  const helpers = Array.from({ length: lanes - 1 }, () =>
    startWakeLoop(ctx.database, {
      pollMs: pollMs * 10,
      onListenError: () => {},
      round: batch,
    }),
  );
  const first = startWakeLoop(ctx.database, {
    channel: CHANNEL_JOBS,
    pollMs,
    onListenError: (error) =>
      ctx.logger.warn({ err: String(error) }, "worker cannot LISTEN; polling only"),
    async round(stopped) {
      // Schedules at most once a pollMs while busy with jobs; every time it is idle.
      if (Date.now() - checkedSchedulesAt >= pollMs || !busy) {
        checkedSchedulesAt = Date.now();
        try {
          await runDueSchedules(ctx);
        } catch (error) {
          ctx.logger.error({ err: describeError(error) }, "worker schedules failed");
        }
      }
      const more = await batch();
      busy = more;
      if (more) for (const helper of helpers) helper.wake();
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
  return {
    async stop() {
      await Promise.all([first, ...helpers].map((loop) => loop.stop()));
    },
  };
}
