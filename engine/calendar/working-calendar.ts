/**
 * The working calendar as data: which dates are holidays and which weekend dates
 * are 调休 make-up working days, and which years are complete. An engine builds
 * one from the `chinese-days` package and its database rows and passes it into
 * every step; the designer's simulator builds one from `GET /api/calendar/{year}`.
 * Browser-safe: no package data, no I/O.
 *
 * A date no day names is a working day from Monday to Friday. In a year that is
 * not complete that rule is all there is, so anything counted there is flagged.
 *
 * @example
 * ```ts
 * const calendar = createWorkingCalendar({
 *   days: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }],
 *   completeYears: [2027],
 * });
 * calendar.isWorkday("2027-01-01"); // false
 * addWorkdays(calendar, "2026-12-31", 1); // { date: "2027-01-04", incomplete: false }
 * ```
 */

export type CalendarDayKind = "holiday" | "workday";

/** One date that differs from the weekend rule (or confirms it, with a name). */
export interface CalendarDay {
  /** `YYYY-MM-DD`, a date in Beijing. */
  date: string;
  kind: CalendarDayKind;
  /** 春节, 元旦, 春节调休 … */
  name: string;
}

export interface WorkingCalendar {
  /** Whether the date (`YYYY-MM-DD`) is a working day. */
  isWorkday(date: string): boolean;
  /** The named day on that date, if any. */
  day(date: string): CalendarDay | null;
  /** Whether the year's holidays and make-up days are known. */
  isComplete(year: number): boolean;
  /** The complete years, ascending. */
  readonly completeYears: readonly number[];
  /** Every named date and whether it is a working day (for a sandbox that rebuilds `isWorkday`). */
  namedDays(): [string, boolean][];
}

/** Builds a calendar; a later day for the same date wins over an earlier one. */
export function createWorkingCalendar(input: {
  days: readonly CalendarDay[];
  completeYears: Iterable<number>;
}): WorkingCalendar {
  const byDate = new Map<string, CalendarDay>();
  for (const day of input.days) byDate.set(day.date, day);
  const complete = new Set(input.completeYears);
  const completeYears = [...complete].sort((a, b) => a - b);
  return {
    isWorkday(date) {
      const day = byDate.get(date);
      if (day) return day.kind === "workday";
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
    day: (date) => byDate.get(date) ?? null,
    isComplete: (year) => complete.has(year),
    completeYears,
    namedDays: () => [...byDate.values()].map((day) => [day.date, day.kind === "workday"]),
  };
}

/** The date `days` after `date` (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * The `count`th working day after `date`. `incomplete` when a date passed over
 * lies in a year the calendar does not know (counted by the weekend rule alone).
 */
export function addWorkdays(
  calendar: WorkingCalendar,
  date: string,
  count: number,
): { date: string; incomplete: boolean } {
  let current = date;
  let left = count;
  let incomplete = false;
  while (left > 0) {
    current = addDays(current, 1);
    if (!calendar.isComplete(Number(current.slice(0, 4)))) incomplete = true;
    if (calendar.isWorkday(current)) left -= 1;
  }
  return { date: current, incomplete };
}
