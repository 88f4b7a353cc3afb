/**
 * /calendar: the working calendar by year — twelve month grids with holidays and make-up
 * days named. Members of `calendar-admin` click a date to change it, import the State
 * Council's notice, mark the year complete and save.
 */
import { useState } from "react";
import { ApiError, describeError } from "../api/api-error.js";
import type { CalendarChange } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useUrlParams } from "../components/use-url-params.js";
import { CalendarChanges } from "./calendar-changes.js";
import { DayEditor } from "./day-editor.js";
import { MonthGrid } from "./month-grid.js";
import { NoticeImport } from "./notice-import.js";
import { useCalendarYear } from "./use-calendar-year.js";

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

export function CalendarPage() {
  const [params, setParams] = useUrlParams();
  const year = Number(params.get("year")) || new Date().getFullYear();
  const { hasGroup } = useSession();
  const canEdit = hasGroup("calendar-admin");
  const editor = useCalendarYear(year);
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<CalendarChange | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);

  const goTo = (next: number) => {
    setSelected(null);
    setSaved(null);
    setSaveError(null);
    setParams({ year: String(next) }, { replace: false });
  };
  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      setSaved(await editor.save());
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  if (editor.loadError) return <ErrorBox error={editor.loadError} />;
  if (!editor.loaded) return <Loading />;
  return (
    <div className="page calendar-page">
      <div className="page-head">
        <h1>工作日历</h1>
        <div className="year-nav">
          <button type="button" className="btn ghost small" onClick={() => goTo(year - 1)}>
            ‹ {year - 1}
          </button>
          <strong data-testid="calendar-year">{year} 年</strong>
          <button type="button" className="btn ghost small" onClick={() => goTo(year + 1)}>
            {year + 1} ›
          </button>
        </div>
      </div>
      <p
        className={editor.loaded.complete ? "notice ok" : "notice error"}
        data-testid="year-status"
      >
        {editor.loaded.complete
          ? `${year} 年节假日安排已录入，按工作日计算的期限按此计算。`
          : `${year} 年节假日安排尚未录入：落在本年的工作日期限只按周末计算，并标记“日历未录入”。`}
        {editor.loaded.updatedBy && (
          <span className="muted small">
            {" "}
            最近修改：{editor.loaded.updatedBy}，{editor.loaded.updatedAt?.slice(0, 10)}
          </span>
        )}
      </p>
      <p className="legend small">
        <span className="day holiday">休</span> 放假 <span className="day workday">班</span>{" "}
        调休上班 <span className="day weekend">六</span> 周末
        {canEdit && " · 点击日期修改"}
      </p>
      <div className="calendar-layout">
        <div className="year-grid">
          {MONTHS.map((month) => (
            <MonthGrid
              key={month}
              year={year}
              month={month}
              editor={editor}
              selected={selected}
              onPick={canEdit ? setSelected : null}
            />
          ))}
        </div>
        {canEdit && (
          <aside className="calendar-side">
            {selected && (
              <DayEditor date={selected} editor={editor} onClose={() => setSelected(null)} />
            )}
            <NoticeImport year={year} onAdd={editor.addDays} />
            <section className="card" aria-label="保存">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={editor.complete}
                  onChange={(e) => editor.setComplete(e.target.checked)}
                />
                {year} 年的放假和调休已全部录入
              </label>
              <p className="muted small">
                已录入 {editor.draft.size} 天。保存后，按周末计算的未完成期限会按新日历重新计算。
              </p>
              <button
                type="button"
                className="btn primary"
                disabled={saving || !editor.dirty}
                onClick={() => void save()}
              >
                {saving ? "正在保存…" : "保存"}
              </button>
              {saved && !editor.dirty && (
                <p className="notice ok" role="status">
                  已保存。重新计算期限：待办 {saved.recomputed.tasks} 项、定时器{" "}
                  {saved.recomputed.timers} 个（{saved.recomputed.instances} 个案件）。
                  {saved.warnings.join("；")}
                </p>
              )}
              {saveError !== null && (
                <div className="notice error" role="alert">
                  {describeError(saveError)}
                  {saveError instanceof ApiError && saveError.problems.length > 0 && (
                    <ul>
                      {saveError.problems.map((p) => (
                        <li key={`${p.path}:${p.message}`}>{p.message}</li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </section>
            <CalendarChanges year={year} version={editor.loaded.updatedAt} />
          </aside>
        )}
      </div>
    </div>
  );
}
