/**
 * Which due slots a schedule fires, by its `catchUp` policy, and when a worker
 * should next look at it. Pure: the worker passes the slots due since it last
 * fired (`slotsBetween`) and the clock's now.
 *
 * @example
 * ```ts
 * slotsToFire([mon, tue, wed], wed, "one"); // { fire: [wed], skipped: [mon, tue] }
 * ```
 */
import { dueAfter } from "../definition/duration.js";
import type { CatchUp, ScheduleEvery } from "../definition/schedule-schema.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { nextSlots } from "./schedule-slots.js";

/** A slot fired less than this late is on time, whatever the policy. */
export const ON_TIME_MS = 15 * 60_000;

export interface SlotsToFire {
  fire: Date[];
  skipped: Date[];
}

/** Splits `due` (oldest first, none after `now`) into the slots to fire and those skipped. */
export function slotsToFire(
  due: readonly Date[],
  now: Date,
  catchUp: CatchUp = "one",
): SlotsToFire {
  const onTime = (slot: Date) => now.getTime() - slot.getTime() < ON_TIME_MS;
  let keep: (slot: Date, index: number) => boolean;
  if (catchUp === "skip") keep = onTime;
  else if (catchUp === "one") keep = (slot, index) => index === due.length - 1 || onTime(slot);
  else {
    // The window reaches back from now: `{ all: "P7D" }` keeps slots after now minus 7 days.
    const windowMs = dueAfter(new Date(0), catchUp.all).at.getTime();
    keep = (slot) => onTime(slot) || now.getTime() - slot.getTime() <= windowMs;
  }
  const fire: Date[] = [];
  const skipped: Date[] = [];
  due.forEach((slot, index) => (keep(slot, index) ? fire : skipped).push(slot));
  return { fire, skipped };
}

/** Rules whose days depend on the working calendar, which an administrator may change. */
const CALENDAR_RULES = new Set(["workdays", "monthly-first-workday", "quarterly-first-workday"]);

/**
 * When a worker next looks at the schedule: its next slot, or, for a rule on the
 * working calendar, the next day at its time (a holiday entered later, or a make-up
 * working day, is then seen before it matters). Null when no slot is left.
 */
export function nextWakeAt(
  every: ScheduleEvery,
  after: Date,
  calendar: WorkingCalendar,
): Date | null {
  if (typeof every !== "string" && CALENDAR_RULES.has(every.rule)) {
    return nextSlots({ rule: "daily", at: every.at }, after, 1, calendar)[0] ?? null;
  }
  return nextSlots(every, after, 1, calendar)[0] ?? null;
}
