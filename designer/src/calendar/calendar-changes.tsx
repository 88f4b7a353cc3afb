/** The year's audited changes: who changed it when, and what it became. */
import { api } from "../api/client.js";
import { formatDateTime } from "../components/format.js";
import { useAsync } from "../components/use-async.js";

export function CalendarChanges({ year, version }: { year: number; version: unknown }) {
  const { data } = useAsync(() => api.calendar.changes(year), [year, version]);
  if (!data || data.length === 0) return null;
  return (
    <section className="card" aria-label="修改记录">
      <h2>修改记录</h2>
      <ul className="plain-list small">
        {data.map((entry) => (
          <li key={entry.at + entry.actor}>
            {formatDateTime(entry.at)} · {entry.actor}：录入 {entry.after.days.length} 天
            {entry.after.complete ? "，标记为已全部录入" : ""}（原{" "}
            {entry.before.days.filter((d) => d.source === "admin").length} 天）
            {entry.recomputed && entry.recomputed.instances > 0
              ? `；重新计算 ${entry.recomputed.instances} 个案件的期限`
              : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}
