/**
 * One year of the working calendar being edited: the server's days, the administrator's
 * draft of the entered days (what `PUT /api/calendar/{year}` replaces) and saving it.
 *
 * @example
 * ```ts
 * const year = useCalendarYear(2027);
 * year.setDay("2027-01-01", { kind: "holiday", name: "元旦" });
 * await year.save();
 * ```
 */
import { useCallback, useEffect, useState } from "react";
import type { CalendarDay } from "../../../engine/calendar/working-calendar.js";
import { api } from "../api/client.js";
import type { CalendarChange, CalendarYear } from "../api/types.js";
import { useAsync } from "../components/use-async.js";

export interface CalendarYearEditor {
  loaded: CalendarYear | undefined;
  loadError: unknown;
  /** The entered days as they will be saved, by date. */
  draft: Map<string, CalendarDay>;
  complete: boolean;
  dirty: boolean;
  /** What the date shows: the draft's day, else the package's. */
  dayOf(date: string): (CalendarDay & { source: "package" | "admin" }) | null;
  /** Sets the date's entered day; null goes back to the package (or the weekend rule). */
  setDay(date: string, day: Omit<CalendarDay, "date"> | null): void;
  addDays(days: CalendarDay[]): void;
  setComplete(complete: boolean): void;
  save(): Promise<CalendarChange>;
}

export function useCalendarYear(year: number): CalendarYearEditor {
  const { data: loaded, error: loadError, reload } = useAsync(() => api.calendar.get(year), [year]);
  const [draft, setDraft] = useState(new Map<string, CalendarDay>());
  const [complete, setComplete] = useState(false);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (!loaded || loaded.year !== year) return;
    const entered = loaded.days.filter((d) => d.source === "admin");
    setDraft(new Map(entered.map(({ date, kind, name }) => [date, { date, kind, name }])));
    setComplete(loaded.complete);
    setDirty(false);
  }, [loaded, year]);

  const packageDays = new Map(
    (loaded?.days ?? []).filter((d) => d.source === "package").map((d) => [d.date, d]),
  );

  const change = useCallback((update: (next: Map<string, CalendarDay>) => void) => {
    setDraft((current) => {
      const next = new Map(current);
      update(next);
      return next;
    });
    setDirty(true);
  }, []);

  return {
    loaded,
    loadError,
    draft,
    complete,
    dirty,
    dayOf(date) {
      const entered = draft.get(date);
      if (entered) return { ...entered, source: "admin" };
      return packageDays.get(date) ?? null;
    },
    setDay: (date, day) =>
      change((next) => {
        if (day) next.set(date, { date, ...day });
        else next.delete(date);
      }),
    addDays: (days) =>
      change((next) => {
        for (const day of days) next.set(day.date, day);
      }),
    setComplete(value) {
      setComplete(value);
      setDirty(true);
    },
    async save() {
      const days = [...draft.values()].sort((a, b) => a.date.localeCompare(b.date));
      const result = await api.calendar.put(year, { days, complete });
      reload();
      return result;
    },
  };
}
