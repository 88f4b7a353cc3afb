/**
 * Runs the retention step beside a worker: once when the worker starts, then
 * every `intervalMs`. Workers that find another one at it skip their turn.
 */
import type { EngineContext } from "../service/context.js";
import { archiveExpired, type RetentionPolicy } from "./archive.js";
import { describeError } from "../store/driver-error.js";

export interface RetentionSchedule {
  stop(): Promise<void>;
}

export function startRetentionSchedule(
  ctx: EngineContext,
  policy: RetentionPolicy,
): RetentionSchedule {
  if (policy.days <= 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const run = async () => {
    try {
      const result = await archiveExpired(ctx, policy, { wait: false, shouldStop: () => stopped });
      const { cutoff: _cutoff, ...counts } = result;
      if (Object.values(counts).some((n) => n > 0))
        ctx.logger.info({ retention: result }, "retention: archived and deleted old rows");
    } catch (error) {
      ctx.logger.error(
        { err: describeError(error) },
        "retention step failed; retried at the next interval",
      );
    }
    if (!stopped) timer = setTimeout(() => (running = run()), policy.intervalMs);
  };
  running = run();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
