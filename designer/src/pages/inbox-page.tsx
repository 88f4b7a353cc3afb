/** /inbox: my tasks and my groups' tasks, overdue first, then by due date. */
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../api/client.js";
import type { DefinitionSummary, Task } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { describeDue, formatDateTime, formatListTime, statusLabels } from "../components/format.js";
import { useLiveTick } from "../components/live-updates.js";
import { ProcessFilter } from "../components/process-filter.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { useUrlParams } from "../components/use-url-params.js";

const statusFilters = [
  { value: "open", label: "待处理" },
  { value: "completed", label: "已完成" },
] as const;

export function InboxPage() {
  const { user } = useSession();
  const tick = useLiveTick();
  const [params, setParams] = useUrlParams();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const processKey = params.get("process") ?? "";
  const status = params.get("status") ?? "open";
  const scope = params.get("scope") ?? "all";
  const overdueOnly = params.get("overdue") === "1";
  const [more, setMore] = useState<{ items: Task[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });

  const definitions = useAsync(() => api.definitions.list(), []);
  const tasks = useAsync(
    () =>
      api.tasks.list({
        processKey: processKey || undefined,
        status: status === "open" ? undefined : status,
        mine: scope === "mine" ? true : undefined,
        overdue: overdueOnly ? true : undefined,
        limit: 100,
      }),
    [processKey, status, scope, overdueOnly, tick],
  );
  useEffect(() => setMore({ items: [], cursor: null }), [tasks.data]);

  const setFilter = (name: string, value: string) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  };

  const items = useMemo(() => {
    const all = [...(tasks.data?.items ?? []), ...more.items];
    const shown =
      status === "open" ? all.filter((t) => t.status === "open" || t.status === "claimed") : all;
    return status === "open" ? sortForInbox(shown) : latestEndedFirst(shown);
  }, [tasks.data, more.items, status]);
  const cursor = more.cursor ?? tasks.data?.nextCursor ?? null;
  const overdueCount = items.filter((t) => isOverdue(t)).length;
  const mineCount = items.filter((t) => t.assignee === user?.id).length;
  const processNames = new Map(
    (definitions.data ?? []).map((d: DefinitionSummary) => [d.key, d.name]),
  );

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.tasks.list({
      processKey: processKey || undefined,
      status: status === "open" ? undefined : status,
      mine: scope === "mine" ? true : undefined,
      overdue: overdueOnly ? true : undefined,
      cursor,
      limit: 100,
    });
    setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
  };

  return (
    <div className="page inbox-page">
      <div className="page-head">
        <h1>我的待办</h1>
        <div className="counts" aria-label="统计">
          <span className="count-chip">
            共 <strong data-testid="task-count">{items.length}</strong> 项
          </span>
          <span className={overdueCount > 0 ? "count-chip danger" : "count-chip"}>
            超期 <strong>{overdueCount}</strong>
          </span>
          <span className="count-chip">
            由我办理 <strong>{mineCount}</strong>
          </span>
        </div>
      </div>
      {flash && (
        <div className="notice ok flash" role="status">
          <span>{flash}</span>
        </div>
      )}
      <div className="filters" role="group" aria-label="筛选">
        <ProcessFilter
          value={processKey}
          definitions={definitions.data ?? []}
          onChange={(key) => setFilter("process", key)}
        />
        <label>
          <span>状态</span>
          <select value={status} onChange={(e) => setFilter("status", e.target.value)}>
            {statusFilters.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>范围</span>
          <select value={scope} onChange={(e) => setFilter("scope", e.target.value)}>
            <option value="all">我和我所在组</option>
            <option value="mine">仅我签收的</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdueOnly}
            onChange={(e) => setFilter("overdue", e.target.checked ? "1" : "")}
          />
          <span>只看超期</span>
        </label>
      </div>
      {tasks.error ? <ErrorBox error={tasks.error} onRetry={tasks.reload} /> : null}
      {tasks.loading && !tasks.data ? (
        <Loading />
      ) : items.length === 0 && !tasks.error ? (
        <EmptyState title={status === "open" ? "暂无待办，工作都处理完了" : "没有符合条件的任务"}>
          <Link to="/start">发起新案件</Link>
        </EmptyState>
      ) : (
        <ul className="task-list" aria-label="任务列表">
          {items.map((task) => (
            <TaskCard key={task.id} task={task} processName={processNames.get(task.processKey)} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn block" onClick={() => void loadMore()}>
          加载更多
        </button>
      )}
    </div>
  );
}

function TaskCard({ task, processName }: { task: Task; processName: string | undefined }) {
  const due = describeDue(task.dueAt);
  const open = task.status === "open" || task.status === "claimed";
  return (
    <li className={due.overdue && open ? "task-card overdue" : "task-card"}>
      <Link to={`/tasks/${task.id}`} className="task-link">
        <div className="task-main">
          <span className="task-name">{task.name}</span>
          <span className="task-title">{task.title ?? task.businessKey ?? "（无标题）"}</span>
          {task.references?.map((ref) => (
            <span key={ref.field} className="task-ref" data-ref={ref.kind}>
              {[ref.name ?? ref.id, ref.detail].filter(Boolean).join(" · ")}
            </span>
          ))}
        </div>
        <div className="task-meta">
          <span className="tag">{processName ?? task.processKey}</span>
          {task.businessKey && <span className="muted">{task.businessKey}</span>}
          <span className={`status status-${task.status}`}>
            {task.assignee
              ? `${statusLabels[task.status] ?? task.status} · ${task.assignee}`
              : statusLabels[task.status]}
          </span>
        </div>
        <div
          className={due.overdue && open ? "task-due danger" : "task-due"}
          title={formatDateTime(task.dueAt)}
        >
          {open ? due.text : formatListTime(task.endedAt)}
        </div>
      </Link>
    </li>
  );
}

export function isOverdue(task: Task, now = Date.now()): boolean {
  if (task.overdue !== undefined) return task.overdue;
  return (
    (task.status === "open" || task.status === "claimed") &&
    task.dueAt !== null &&
    new Date(task.dueAt).getTime() < now
  );
}

/** Done tasks: the one finished last first (those without an end time last). */
export function latestEndedFirst(tasks: Task[]): Task[] {
  const ended = (t: Task) => (t.endedAt ? new Date(t.endedAt).getTime() : -Infinity);
  return [...tasks].sort((a, b) => ended(b) - ended(a));
}

/** Overdue first, then by due date (none last), then higher priority, then oldest. */
export function sortForInbox(tasks: Task[]): Task[] {
  const now = Date.now();
  return [...tasks].sort((a, b) => {
    const overdue = Number(isOverdue(b, now)) - Number(isOverdue(a, now));
    if (overdue !== 0) return overdue;
    const dueA = a.dueAt ? new Date(a.dueAt).getTime() : Infinity;
    const dueB = b.dueAt ? new Date(b.dueAt).getTime() : Infinity;
    if (dueA !== dueB) return dueA - dueB;
    if (a.priority !== b.priority) return b.priority - a.priority;
    return a.createdAt.localeCompare(b.createdAt);
  });
}
