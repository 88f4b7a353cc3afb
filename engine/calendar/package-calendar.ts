/**
 * The `chinese-days` package's holidays and 调休 make-up days, as calendar days,
 * and the years it covers (each of them complete).
 *
 * @example
 * ```ts
 * const { days, years } = packageCalendarDays();
 * const calendar = createWorkingCalendar({ days, completeYears: years });
 * ```
 */
import packageData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import type { CalendarDay } from "./working-calendar.js";

/** `"Spring Festival,春节,4"` → `春节`. */
function chineseName(entry: string): string {
  return entry.split(",")[1] ?? entry;
}

/** The package's days, by date, and its years. A fresh copy on each call. */
export function packageCalendarDays(): { days: CalendarDay[]; years: number[] } {
  const days: CalendarDay[] = [];
  for (const [date, entry] of Object.entries(packageData.holidays as Record<string, string>))
    days.push({ date, kind: "holiday", name: chineseName(entry) });
  for (const [date, entry] of Object.entries(packageData.workdays as Record<string, string>))
    days.push({ date, kind: "workday", name: `${chineseName(entry)}调休` });
  days.sort((a, b) => a.date.localeCompare(b.date));
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return { days, years };
}
