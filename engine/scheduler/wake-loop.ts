/**
 * The loop the worker's two loops share (jobs and schedules in worker.ts, deliveries in
 * notifications/delivery-loop.ts): run a round; when it says there is more, or a NOTIFY
 * on `channel` came during it, run the next at once; else sleep until a NOTIFY wakes it
 * or `pollMs` passes. `stop()` wakes it, waits for the round under way, stops listening.
 *
 * @example
 * ```ts
 * const loop = startWakeLoop(ctx.database, {
 *   channel: CHANNEL_JOBS,
 *   pollMs: 1000,
 *   round: async () => (await runDueDeliveries(ctx)) > 0,
 *   onListenError: () => {},
 * });
 * await loop.stop();
 * ```
 */
import type { Database } from "../store/database.js";

export interface WakeLoopOptions {
  /** Woken by a NOTIFY on it (none: by `wake()` and the poll only). */
  channel?: string;
  pollMs: number;
  /**
   * One round of work; true when more is waiting (the next round starts at once).
   * `stopped()` says whether `stop()` was called meanwhile. Must not throw.
   */
  round: (stopped: () => boolean) => Promise<boolean>;
  /** LISTEN failed: the loop goes on polling. */
  onListenError: (error: unknown) => void;
}

export interface WakeLoop {
  /** Runs the next round at once (or right after the one under way), as a NOTIFY does. */
  wake(): void;
  stop(): Promise<void>;
}

export function startWakeLoop(
  database: Pick<Database, "listen">,
  options: WakeLoopOptions,
): WakeLoop {
  const { pollMs, round } = options;
  let stopped = false;
  let pending = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    pending = true;
    wake?.();
  };
  const unlisten =
    options.channel === undefined
      ? Promise.resolve(async () => {})
      : database.listen(options.channel, nudge).catch((error: unknown) => {
          options.onListenError(error);
          return async () => {};
        });
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  const isStopped = () => stopped;
  const loop = (async () => {
    while (!stopped) {
      pending = false;
      const more = await round(isStopped);
      if (stopped) break;
      if (more || pending) continue;
      await sleep();
    }
  })();
  return {
    wake: nudge,
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
