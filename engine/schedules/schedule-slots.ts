/**
 * When a schedule fires: the slots of its `every` after an instant, in Beijing
 * time and on the working calendar. Pure and browser-safe: the engine fires
 * exactly these slots and the designer's simulator lists them, so the two
 * never disagree.
 *
 * @example
 * ```ts
 * nextSlots({ rule: "workdays", at: "09:00" }, new Date("2027-09-30T12:00:00+08:00"), 2, calendar);
 * // [2027-10-08T01:00:00Z, 2027-10-09T01:00:00Z] (国庆 off, the 9th a make-up working day)
 * ```
 */
import { addDays, type WorkingCalendar } from "../calendar/working-calendar.js";
import { beijingDate, dueAfter, parseDuration } from "../definition/duration.js";
import type { ScheduleEvery, ScheduleRule } from "../definition/schedule-schema.js";
import { parseRepeatingInterval, type RepeatingInterval } from "./repeating-interval.js";

/** A calendar rule finding no day in this many days has none (a calendar of holidays only). */
const MAX_DAYS_SEARCHED = 3700;

/** The next `count` slots strictly after `after`. */
export function nextSlots(
  every: ScheduleEvery,
  after: Date,
  count: number,
  calendar: WorkingCalendar,
): Date[] {
  const slots: Date[] = [];
  if (count <= 0) return slots;
  for (const slot of slotsAfter(every, after, calendar)) {
    slots.push(slot);
    if (slots.length >= count) break;
  }
  return slots;
}

/** The slots in `(after, until]`, oldest first, at most `limit` of them (the newest kept). */
export function slotsBetween(
  every: ScheduleEvery,
  after: Date,
  until: Date,
  calendar: WorkingCalendar,
  limit = 10_000,
): Date[] {
  const slots: Date[] = [];
  for (const slot of slotsAfter(every, after, calendar)) {
    if (slot.getTime() > until.getTime()) break;
    slots.push(slot);
    if (slots.length > limit) slots.shift();
  }
  return slots;
}

/** Every slot strictly after `after`, in order (an ISO interval with `Rn` ends; rules do not). */
export function* slotsAfter(
  every: ScheduleEvery,
  after: Date,
  calendar: WorkingCalendar,
): Generator<Date> {
  if (typeof every === "string") {
    const interval = parseRepeatingInterval(every);
    if (interval) yield* intervalSlotsAfter(interval, after);
    return;
  }
  yield* ruleSlotsAfter(every, after, calendar);
}

function* intervalSlotsAfter(interval: RepeatingInterval, after: Date): Generator<Date> {
  const parts = parseDuration(interval.duration);
  if (!parts) return;
  const slot = (k: number) => (k === 0 ? interval.start : dueAfter(interval.start, scaled(k)).at);
  const scaled = (k: number) =>
    `P${parts.years * k}Y${parts.months * k}M${parts.weeks * k}W${parts.days * k}DT${parts.hours * k}H${parts.minutes * k}M${parts.seconds * k}S`;
  const approxMs =
    ((((parts.years * 365.25 + parts.months * 30.44 + parts.weeks * 7 + parts.days) * 24 +
      parts.hours) *
      60 +
      parts.minutes) *
      60 +
      parts.seconds) *
    1000;
  const behind = after.getTime() - interval.start.getTime();
  let k = behind < 0 ? 0 : Math.max(0, Math.floor(behind / approxMs) - 2);
  while (k > 0 && slot(k - 1).getTime() > after.getTime()) k--;
  for (; interval.repetitions === null || k < interval.repetitions; k++) {
    const at = slot(k);
    if (at.getTime() > after.getTime()) yield at;
  }
}

function* ruleSlotsAfter(
  rule: ScheduleRule,
  after: Date,
  calendar: WorkingCalendar,
): Generator<Date> {
  let date = beijingDate(after);
  for (let idle = 0; idle < MAX_DAYS_SEARCHED; idle++, date = addDays(date, 1)) {
    if (!ruleDay(rule, date, calendar)) continue;
    const at = new Date(`${date}T${rule.at}:00+08:00`);
    if (at.getTime() <= after.getTime()) continue;
    idle = 0;
    yield at;
  }
}

/** Whether the rule fires on `date` (`YYYY-MM-DD`, Beijing). */
function ruleDay(rule: ScheduleRule, date: string, calendar: WorkingCalendar): boolean {
  switch (rule.rule) {
    case "daily":
      return true;
    case "workdays":
      return calendar.isWorkday(date);
    case "weekly":
      return isoWeekday(date) === rule.day;
    case "weekly-first-workday":
      return calendar.isWorkday(date) && firstWorkdayOfWeek(date, calendar) === date;
    case "monthly": {
      const day = Number(date.slice(8, 10));
      return day === Math.min(rule.day, daysInMonth(date));
    }
    case "monthly-first-workday":
      return firstWorkdayOfMonth(date, calendar) === date;
    case "quarterly-first-workday":
      return (
        (Number(date.slice(5, 7)) - 1) % 3 === 0 && firstWorkdayOfMonth(date, calendar) === date
      );
  }
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function daysInMonth(date: string): number {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function firstWorkdayOfWeek(date: string, calendar: WorkingCalendar): string | null {
  const monday = addDays(date, 1 - isoWeekday(date));
  for (let i = 0, day = monday; i < 7; i++, day = addDays(day, 1))
    if (calendar.isWorkday(day)) return day;
  return null;
}

function firstWorkdayOfMonth(date: string, calendar: WorkingCalendar): string | null {
  const month = date.slice(0, 7);
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1))
    if (calendar.isWorkday(day)) return day;
  return null;
}
