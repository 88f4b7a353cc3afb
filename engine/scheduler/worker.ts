/**
 * The worker loop: runs due jobs, sleeps until NOTIFY wakes it or the poll
 * interval passes. Any number of workers may run against one database.
 */
import type { Worker } from "../engine.js";
import { CHANNEL_JOBS, type EngineContext } from "../service/context.js";
import { compactInstanceCounts } from "../service/instance-counts.js";
import { DEFAULT_BATCH_SIZE, runJobBatch } from "./run-due-jobs.js";
import { describeError } from "../store/driver-error.js";

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
  let stopped = false;
  let wake: (() => void) | null = null;
  let pending = false;
  const nudge = () => {
    pending = true;
    wake?.();
  };
  const unlisten = ctx.database.listen(CHANNEL_JOBS, nudge).catch((error: unknown) => {
    ctx.logger.warn({ err: String(error) }, "worker cannot LISTEN; polling only");
    return async () => {};
  });

  const loop = (async () => {
    while (!stopped) {
      let more = false;
      pending = false;
      try {
        ({ more } = await runJobBatch(ctx, batchSize));
      } catch (error) {
        ctx.logger.error({ err: describeError(error) }, "worker batch failed");
      }
      if (Date.now() - foldedAt >= foldCountsMs && !stopped) {
        foldedAt = Date.now();
        await compactInstanceCounts(ctx.database.db).catch((error: unknown) =>
          ctx.logger.warn(
            { err: describeError(error) },
            "folding the dashboard counts failed; retried later",
          ),
        );
      }
      if (more || stopped || pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await (
        await unlisten
      )();
    },
  };
}
