/**
 * The import box: the State Council's notice pasted as is, what was understood shown
 * line by line (unreadable lines with their reason) before anything enters the draft.
 */
import { useState } from "react";
import type { CalendarDay } from "../../../engine/calendar/working-calendar.js";
import { parseHolidayNotice, type ParsedNotice } from "./parse-holiday-notice.js";

export function NoticeImport({ year, onAdd }: { year: number; onAdd(days: CalendarDay[]): void }) {
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<ParsedNotice | null>(null);
  const unread = preview?.lines.filter((line) => line.problem) ?? [];
  return (
    <section className="card notice-import" aria-label="导入放假安排">
      <h2>导入国务院办公厅放假安排</h2>
      <p className="muted small">
        把通知原文粘贴到下面（每个节日一行），先预览识别结果，确认后加入日历，再保存。
      </p>
      <textarea
        aria-label="通知原文"
        rows={6}
        value={text}
        placeholder="春节：2月6日至13日放假调休，共8天。2月14日（星期日）、2月20日（星期六）上班。"
        onChange={(e) => {
          setText(e.target.value);
          setPreview(null);
        }}
      />
      <button
        type="button"
        className="btn"
        disabled={!text.trim()}
        onClick={() => setPreview(parseHolidayNotice(text, year))}
      >
        预览识别结果
      </button>
      {preview && (
        <div className="import-preview" data-testid="import-preview">
          <table>
            <thead>
              <tr>
                <th>节日</th>
                <th>放假</th>
                <th>调休上班</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines
                .filter((line) => !line.problem)
                .map((line) => (
                  <tr key={line.text}>
                    <td>{line.name}</td>
                    <td>
                      {line.days
                        .filter((d) => d.kind === "holiday")
                        .map((d) => d.date.slice(5))
                        .join("、")}
                    </td>
                    <td>
                      {line.days
                        .filter((d) => d.kind === "workday")
                        .map((d) => d.date.slice(5))
                        .join("、") || "—"}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {unread.length > 0 && (
            <div className="notice error" role="alert">
              以下 {unread.length} 行未能识别，未加入（请核对后手工录入）：
              <ul>
                {unread.map((line) => (
                  <li key={line.text}>
                    <q>{line.text}</q> — {line.problem}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button
            type="button"
            className="btn primary"
            disabled={preview.days.length === 0}
            onClick={() => {
              onAdd(preview.days);
              setPreview(null);
              setText("");
            }}
          >
            加入日历（{preview.days.length} 天）
          </button>
        </div>
      )}
    </section>
  );
}
