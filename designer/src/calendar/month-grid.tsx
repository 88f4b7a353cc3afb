/** One month of the year view: weeks from Monday, holidays and make-up days marked with their names. */
import type { CalendarYearEditor } from "./use-calendar-year.js";

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function MonthGrid({
  year,
  month,
  editor,
  selected,
  onPick,
}: {
  year: number;
  month: number;
  editor: Pick<CalendarYearEditor, "dayOf">;
  selected: string | null;
  onPick: ((date: string) => void) | null;
}) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length }, (_, i) => i + 1),
  ];
  return (
    <section className="month" aria-label={`${month}月`} data-testid={`month-${month}`}>
      <h3>{month}月</h3>
      <div className="month-grid" role="grid">
        {WEEKDAYS.map((w) => (
          <span key={w} className="weekday" role="columnheader">
            {w}
          </span>
        ))}
        {cells.map((day, index) => {
          if (day === null) return <span key={`lead-${index}`} />;
          const date = `${year}-${pad(month)}-${pad(day)}`;
          const named = editor.dayOf(date);
          const weekend = index % 7 >= 5;
          const kind = named?.kind ?? (weekend ? "weekend" : "normal");
          const label = named
            ? `${date} ${named.kind === "holiday" ? "放假" : "上班"}：${named.name}`
            : date;
          return (
            <button
              type="button"
              key={date}
              className={`day ${kind}${date === selected ? " selected" : ""}${named?.source === "admin" ? " entered" : ""}`}
              title={label}
              aria-label={label}
              data-date={date}
              disabled={!onPick}
              onClick={() => onPick?.(date)}
            >
              <span className="day-number">{day}</span>
              {named && (
                <span className="day-name">
                  {named.kind === "workday" ? "班" : named.name.slice(0, 3)}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </section>
  );
}
