/** /start and /designer: the processes, to start a case or to open in the designer. */
import { Link } from "react-router";
import { api } from "../api/client.js";
import { formatDateTime } from "../components/format.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";

const startHints: Record<string, string> = {
  "hazard-closure": "上报重大事故隐患",
  "accident-investigation": "报告生产安全事故",
  "tip-off-reward": "登记举报线索",
};

export function ProcessListPage({ mode }: { mode: "start" | "design" }) {
  const list = useAsync(() => api.definitions.list(), []);
  const items = (list.data ?? []).filter((d) => mode === "design" || d.latestVersion !== null);
  return (
    <div className="page">
      <div className="page-head">
        <h1>{mode === "start" ? "发起案件" : "流程设计"}</h1>
      </div>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="还没有流程" />
      ) : (
        <ul className="card-grid">
          {items.map((d) => (
            <li key={d.key} className="card">
              <Link
                to={mode === "start" ? `/start/${d.key}` : `/designer/${d.key}`}
                className="card-link"
              >
                <span className="card-title">
                  {mode === "start" ? (startHints[d.key] ?? d.name) : d.name}
                </span>
                <span className="muted">{mode === "start" ? d.name : <code>{d.key}</code>}</span>
                <span className="card-meta">
                  {d.latestVersion !== null ? `第 ${d.latestVersion} 版` : "未发布"}
                  {mode === "design" && d.hasDraft ? " · 有草稿" : ""}
                  {mode === "design" ? ` · ${formatDateTime(d.updatedAt)}` : ""}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
