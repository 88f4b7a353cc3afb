/**
 * The working calendar an engine passes into its steps: the `chinese-days` package's
 * days with the database's rows over them, and the package's years plus the years
 * an administrator marked complete.
 *
 * @example
 * ```ts
 * const calendar = await loadWorkingCalendar(db);
 * calendar.isComplete(2027); // false until an administrator enters 2027
 * ```
 */
import { eq } from "drizzle-orm";
import type { Db } from "../store/database.js";
import { calendarDays, calendarYears } from "../store/schema.js";
import { packageCalendarDays } from "./package-calendar.js";
import { createWorkingCalendar, type WorkingCalendar } from "./working-calendar.js";

export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const [rows, years] = await Promise.all([
    db
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays),
    db
      .select({ year: calendarYears.year })
      .from(calendarYears)
      .where(eq(calendarYears.complete, true)),
  ]);
  const fromPackage = packageCalendarDays();
  return createWorkingCalendar({
    // Rows after the package's days: a row wins for its date.
    days: [...fromPackage.days, ...rows],
    completeYears: [...fromPackage.years, ...years.map((y) => y.year)],
  });
}
