/**
 * The server's working calendar in the browser, for the simulator: last year, this
 * year and the next two from `GET /api/calendar/{year}`, built into the same
 * calendar object the engine steps with.
 *
 * @example
 * ```ts
 * const { calendar, error } = useWorkingCalendar();
 * if (calendar) initialStep(compiled, vars, { ...meta, calendar });
 * ```
 */
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from "../../../engine/calendar/working-calendar.js";
import { api } from "../api/client.js";
import { useAsync } from "../components/use-async.js";

export async function fetchWorkingCalendar(years: number[]): Promise<WorkingCalendar> {
  const loaded = await Promise.all(years.map((year) => api.calendar.get(year)));
  return createWorkingCalendar({
    days: loaded.flatMap((year) => year.days),
    completeYears: loaded.filter((year) => year.complete).map((year) => year.year),
  });
}

export function useWorkingCalendar(): { calendar: WorkingCalendar | undefined; error: unknown } {
  const thisYear = new Date().getFullYear();
  const { data, error } = useAsync(
    () => fetchWorkingCalendar([thisYear - 1, thisYear, thisYear + 1, thisYear + 2]),
    [thisYear],
  );
  return { calendar: data, error };
}
