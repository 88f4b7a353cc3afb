/**
 * The engine's notion of "now". Expressions, due dates and timers read it; tests pass a manual one.
 *
 * @example
 * ```ts
 * const clock = createManualClock("2024-09-27T09:00:00+08:00");
 * const engine = await createEngine({ database: "pglite://memory", clock });
 * clock.advance("P3D");
 * await engine.runDueJobs();
 * ```
 */
import { addDuration } from "./definition/duration.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  /** Set the time. */
  set(at: Date | string): void;
  /** Move forward by milliseconds or an ISO 8601 duration (calendar days). */
  advance(by: number | string): void;
}

/** A clock that moves only when told to. */
export function createManualClock(start: Date | string = new Date()): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advance(by) {
      current =
        typeof by === "number"
          ? new Date(current.getTime() + by)
          : addDuration(current, by, "days");
    },
  };
}
