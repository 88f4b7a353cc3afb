/**
 * The worker's second loop: sends due deliveries (run-due-deliveries.ts) apart from the
 * job loop, so that a slow receiver never holds up timers. Woken like the job loop (a
 * new job or a retry announces itself on the jobs channel), else polling.
 */
import { CHANNEL_JOBS, type EngineContext } from "../service/context.js";
import { startWakeLoop } from "../scheduler/wake-loop.js";
import { describeError } from "../store/driver-error.js";
import { runDueDeliveries } from "./run-due-deliveries.js";

export function startDeliveryLoop(ctx: EngineContext, pollMs: number): { stop(): Promise<void> } {
  return startWakeLoop(ctx.database, {
    channel: CHANNEL_JOBS,
    pollMs,
    onListenError: () => {},
    async round() {
      try {
        return (await runDueDeliveries(ctx)) > 0;
      } catch (error) {
        ctx.logger.error({ err: describeError(error) }, "delivery round failed");
        return false;
      }
    },
  });
}
