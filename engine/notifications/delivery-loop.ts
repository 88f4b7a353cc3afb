/**
 * The worker's second loop: sends due deliveries (run-due-deliveries.ts) apart from the
 * job loop, so that a slow receiver never holds up timers. Woken like the job loop (a
 * new job or a retry announces itself on the jobs channel), else polling.
 */
import { CHANNEL_JOBS, type EngineContext } from "../service/context.js";
import { describeError } from "../store/driver-error.js";
import { runDueDeliveries } from "./run-due-deliveries.js";

export function startDeliveryLoop(ctx: EngineContext, pollMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let pending = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    pending = true;
    wake?.();
  };
  const unlisten = ctx.database.listen(CHANNEL_JOBS, nudge).catch(() => async () => {});
  const loop = (async () => {
    while (!stopped) {
      pending = false;
      let sent = 0;
      try {
        sent = await runDueDeliveries(ctx);
      } catch (error) {
        ctx.logger.error({ err: describeError(error) }, "delivery round failed");
      }
      if (stopped) break;
      if (sent > 0 || pending) continue;
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
