/**
 * ISO 8601 durations added to instants, on the calendar or in official Chinese
 * working days (holidays and 调休 make-up days from the working calendar passed in).
 *
 * Days are counted on the wall clock of China (UTC+8, no daylight saving), so
 * "P1D" from 23:00 on the 30th is 23:00 on the 1st, and a working day is a date
 * in Beijing time.
 *
 * @example
 * ```ts
 * addDuration(new Date("2024-09-27T10:00:00+08:00"), "P3D", "workdays", calendar); // 2024-10-08T10:00+08:00
 * ```
 */
import { addWorkdays, type WorkingCalendar } from "../calendar/working-calendar.js";
import type { Calendar } from "./schema.js";

const CHINA_OFFSET_MS = 8 * 3600_000;

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses `P1Y2M3W4DT5H6M7S`; returns null when the text is not such a duration. */
export function parseDuration(text: string): DurationParts | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const n = (i: number) => Number(match[i] ?? 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
  };
}

/** A due moment, and whether working days were counted into a year the calendar does not know. */
export interface DueMoment {
  at: Date;
  calendarIncomplete: boolean;
}

/**
 * Adds an ISO 8601 duration to an instant. With `workdays`, the day part (and weeks,
 * as 5 days) counts working days of `working`; counting through a year it does not
 * know uses weekends alone and sets `calendarIncomplete`.
 */
export function dueAfter(
  from: Date,
  duration: string,
  calendar: Calendar = "days",
  working?: WorkingCalendar,
): DueMoment {
  const parts = parseDuration(duration);
  if (!parts) throw new RangeError(`not an ISO 8601 duration: ${duration}`);
  // Work on China's wall clock expressed as UTC fields.
  const local = new Date(from.getTime() + CHINA_OFFSET_MS);
  if (parts.years || parts.months) {
    const day = local.getUTCDate();
    local.setUTCDate(1);
    local.setUTCMonth(local.getUTCMonth() + parts.years * 12 + parts.months);
    const lastDay = new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0),
    ).getUTCDate();
    local.setUTCDate(Math.min(day, lastDay));
  }
  let calendarIncomplete = false;
  if (calendar === "workdays") {
    if (!working) throw new TypeError("counting working days needs a working calendar");
    const count = parts.days + parts.weeks * 5;
    if (count > 0) {
      const target = addWorkdays(working, local.toISOString().slice(0, 10), count);
      const [y, m, d] = target.date.split("-").map(Number) as [number, number, number];
      local.setUTCFullYear(y, m - 1, d);
      calendarIncomplete = target.incomplete;
    }
  } else {
    local.setUTCDate(local.getUTCDate() + parts.days + parts.weeks * 7);
  }
  const timeMs = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
  return { at: new Date(local.getTime() + timeMs - CHINA_OFFSET_MS), calendarIncomplete };
}

/** Adds an ISO 8601 duration to an instant (see `dueAfter`); `working` is needed for `workdays`. */
export function addDuration(
  from: Date,
  duration: string,
  calendar: Calendar = "days",
  working?: WorkingCalendar,
): Date {
  return dueAfter(from, duration, calendar, working).at;
}

/** The date of an instant in Beijing, `YYYY-MM-DD`. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether the date (in Beijing time) is a working day of `working`. */
export function isWorkday(at: Date, working: WorkingCalendar): boolean {
  return working.isWorkday(beijingDate(at));
}
