/**
 * The working calendar an engine holds in memory and passes into every step. It is
 * reloaded when any process changes the calendar (NOTIFY `zhiben_calendar`, delivered
 * within milliseconds) and, as a safety net for a notice lost while the listening
 * connection was down, every `safetyReloadMs`. A reload that finds a year newly
 * complete calls `onNewlyComplete`, so that due dates computed here by weekends alone
 * in the moment before the notice arrived are counted again too.
 *
 * @example
 * ```ts
 * const holder = await openCalendarHolder(database, { onError: (e) => logger.warn({ e }) });
 * const meta = { now, actor, instance, calendar: holder.current() };
 * await holder.close();
 * ```
 */
import type { Database } from "../store/database.js";
import { loadWorkingCalendar } from "./load-working-calendar.js";
import type { WorkingCalendar } from "./working-calendar.js";

/** NOTIFY channel of calendar changes. */
export const CHANNEL_CALENDAR = "zhiben_calendar";

export interface CalendarHolder {
  current(): WorkingCalendar;
  /** Takes a calendar this process just wrote (no need to wait for its own notice). */
  set(calendar: WorkingCalendar): void;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openCalendarHolder(
  database: Database,
  options: {
    onError(error: unknown): void;
    onNewlyComplete?(years: number[]): void;
    safetyReloadMs?: number;
  },
): Promise<CalendarHolder> {
  let calendar = await loadWorkingCalendar(database.db);
  // A load started before a newer one finished must not win.
  let generation = 0;
  const reload = async () => {
    const started = ++generation;
    const next = await loadWorkingCalendar(database.db);
    if (started !== generation) return;
    const added = next.completeYears.filter((year) => !calendar.isComplete(year));
    calendar = next;
    if (added.length > 0) options.onNewlyComplete?.(added);
  };
  const unlisten = await database.listen(CHANNEL_CALENDAR, () => {
    reload().catch(options.onError);
  });
  const safety = setInterval(
    () => reload().catch(options.onError),
    options.safetyReloadMs ?? 60_000,
  );
  safety.unref();
  return {
    current: () => calendar,
    set(next) {
      generation += 1;
      calendar = next;
    },
    reload,
    async close() {
      clearInterval(safety);
      // The database may be closed already (an embedder closing it first): nothing left to stop.
      await unlisten().catch(() => {});
    },
  };
}
