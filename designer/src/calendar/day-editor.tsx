/** Editing one date of the year: a holiday with its name, a make-up working day, or as usual. */
import { useEffect, useState } from "react";
import type { CalendarDayKind } from "../../../engine/calendar/working-calendar.js";
import type { CalendarYearEditor } from "./use-calendar-year.js";

export function DayEditor({
  date,
  editor,
  onClose,
}: {
  date: string;
  editor: Pick<CalendarYearEditor, "dayOf" | "setDay">;
  onClose(): void;
}) {
  const current = editor.dayOf(date);
  const [kind, setKind] = useState<CalendarDayKind | "">(current?.kind ?? "");
  const [name, setName] = useState(current?.name ?? "");
  useEffect(() => {
    setKind(current?.kind ?? "");
    setName(current?.name ?? "");
  }, [date, current?.kind, current?.name]);

  return (
    <form
      className="card day-editor"
      aria-label={`编辑 ${date}`}
      onSubmit={(event) => {
        event.preventDefault();
        editor.setDay(date, kind ? { kind, name: name.trim() } : null);
        onClose();
      }}
    >
      <strong>{date}</strong>
      {current?.source === "package" && <span className="muted small">（来自内置数据）</span>}
      <label>
        这一天
        <select value={kind} onChange={(e) => setKind(e.target.value as CalendarDayKind | "")}>
          <option value="">按常规（周一至周五上班）</option>
          <option value="holiday">放假</option>
          <option value="workday">调休上班</option>
        </select>
      </label>
      {kind && (
        <label>
          名称
          <input
            value={name}
            required
            maxLength={40}
            placeholder={kind === "holiday" ? "如：春节" : "如：春节调休"}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      )}
      <div className="actions">
        <button type="submit" className="btn primary small">
          确定
        </button>
        <button type="button" className="btn ghost small" onClick={onClose}>
          取消
        </button>
      </div>
    </form>
  );
}
