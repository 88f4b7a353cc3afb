/** /instances/:id: one case with its facts, open tasks, diagram and timeline. */
import { useState } from "react";
import { Link, useParams } from "react-router";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import { activeKeys, activeLabels } from "../api/types.js";
import type { InstanceRef, PendingTimer } from "../api/types.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import { AttachmentTimeline } from "../components/attachment-timeline.js";
import { BallotList } from "../components/ballot-list.js";
import { describeDue, formatDateTime, statusLabels } from "../components/format.js";
import { useSession } from "../auth/session.js";
import { CaseFacts } from "../case/case-facts.js";
import { handlerOf } from "../case/handler.js";
import { StepList, stepsOf } from "../case/step-list.js";
import { loadCaseRecord } from "../case/use-case-record.js";
import { useDeliveryRefresh } from "../case/use-delivery-refresh.js";
import { eventLabel, personName } from "../components/history-words.js";
import { useLiveTick } from "../components/live-updates.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { stateLabels, Timeline } from "../components/timeline.js";
import { useAsync } from "../components/use-async.js";
import { ProcessDiagram } from "../diagram/process-diagram.js";

export function InstancePage() {
  const { id = "" } = useParams();
  const tick = useLiveTick();
  const admin = useSession().hasGroup("process-admin");
  const state = useAsync(async () => {
    const record = await loadCaseRecord(id);
    const tasks =
      record.instance.tasks ??
      (await api.tasks
        .list({ instanceId: id, status: "open" })
        .then((p) => p.items)
        .catch(() => []));
    return { ...record, tasks };
  }, [id, tick]);
  useDeliveryRefresh(state.data?.deliveries, state.reload);

  if (state.loading && state.data?.instance.id !== id) return <Loading />;
  if (state.error || !state.data)
    return (
      <div className="page">
        <ErrorBox error={state.error} onRetry={state.reload} />
      </div>
    );
  const { instance, definition, history, tasks, names, deliveries } = state.data;
  const labels = stateLabels(definition);
  const openTasks = tasks.filter((t) => t.status === "open" || t.status === "claimed");

  return (
    <div className="page instance-page">
      <nav className="breadcrumbs" aria-label="位置">
        <Link to="/instances">案件</Link> <span aria-hidden="true">/</span>{" "}
        <span>{instance.title ?? instance.id}</span>
      </nav>
      <div className="page-head">
        <h1>{instance.title ?? instance.businessKey ?? "案件"}</h1>
        <span className={`status status-${instance.status}`}>
          {statusLabels[instance.status] ?? instance.status}
        </span>
      </div>
      <div className="task-layout">
        <section className="panel">
          <dl className="facts compact">
            <div>
              <dt>流程</dt>
              <dd>
                {definition.name}（第 {instance.version} 版）
              </dd>
            </div>
            <div>
              <dt>当前环节</dt>
              <dd>{activeLabels(instance) || "—"}</dd>
            </div>
            <div>
              <dt>发起</dt>
              <dd>
                {formatDateTime(instance.startedAt)} {personName(instance.startedBy, names)}
              </dd>
            </div>
            {instance.businessKey && (
              <div>
                <dt>编号</dt>
                <dd>{instance.businessKey}</dd>
              </div>
            )}
          </dl>
          {instance.incident && (
            <div className="error-box" role="alert">
              故障：{instance.incident.message}
            </div>
          )}
          {(instance.calendarIncomplete ?? []).length > 0 && (
            <div className="notice error" role="status" data-testid="calendar-incomplete">
              以下期限落在节假日安排尚未录入的年份，只按周末计算，录入后会自动重新计算：
              <ul>
                {(instance.calendarIncomplete ?? []).map((d) => (
                  <li key={`${d.kind}:${d.state}:${d.dueAt}`}>
                    {d.kind === "task"
                      ? `待办“${d.name}”`
                      : `定时器（${(d.state && labels.get(d.state)) ?? "期限"}）`}{" "}
                    · {formatDateTime(d.dueAt)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <h2>案件信息</h2>
          <CaseFacts
            instance={instance}
            definition={definition}
            history={history}
            names={names}
            admin={admin}
          />
          {(instance.parent || (instance.children ?? []).length > 0) && (
            <>
              <h2>关联案件</h2>
              <ul className="plain-list">
                {instance.parent && <RelatedCase label="上级案件" related={instance.parent} />}
                {(instance.children ?? []).map((child) => (
                  <RelatedCase key={child.id} label="下级案件" related={child} />
                ))}
              </ul>
            </>
          )}
          {admin && instance.status === "running" && (instance.allowedEvents ?? []).length > 0 && (
            <SendEvent
              instanceId={instance.id}
              events={instance.allowedEvents ?? []}
              labelOf={(event) => eventLabel(definition, event, activeKeys(instance)) ?? event}
              onSent={state.reload}
            />
          )}
          {(instance.ballots ?? []).length > 0 && (
            <>
              <h2>会签/或签</h2>
              <BallotList
                ballots={instance.ballots ?? []}
                stateLabels={labels}
                names={names}
                outcomesOf={(key) =>
                  walkStates({ states: definition.states }).find((s) => s.key === key)?.node.task
                    ?.outcomes ?? []
                }
              />
            </>
          )}
          <h2>当前任务</h2>
          {openTasks.length === 0 ? (
            <p className="muted" data-testid="next-step">
              没有待办任务
              {nextTimer(instance.timers, labels)}
            </p>
          ) : (
            <ul className="plain-list">
              {openTasks.map((t) => (
                <li key={t.id}>
                  <Link to={`/tasks/${t.id}`}>{t.name}</Link>{" "}
                  <span className="muted">
                    {handlerOf(t, names)} · 期限{" "}
                    <span className={describeDue(t.dueAt).overdue ? "danger" : undefined}>
                      {formatDateTime(t.dueAt)}
                      {describeDue(t.dueAt).overdue ? "（已超期）" : ""}
                    </span>
                    {t.calendarIncomplete && "（日历未录入，仅按周末计算）"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <aside className="task-side">
          <section className="panel">
            {admin ? (
              <>
                <h2>流程图</h2>
                <ProcessDiagram
                  definition={definition}
                  activeStates={activeKeys(instance)}
                  visitedStates={history.flatMap((h) => h.to)}
                />
              </>
            ) : (
              <>
                <h2>办理进度</h2>
                <StepList
                  steps={stepsOf(definition, history, activeKeys(instance), instance.timers)}
                />
              </>
            )}
          </section>
          <section className="panel" id="attachments">
            <h2>附件</h2>
            <AttachmentTimeline instanceId={instance.id} tick={tick} />
          </section>
          <section className="panel">
            <h2>办理记录</h2>
            <Timeline
              entries={history}
              definition={definition}
              names={names}
              admin={admin}
              deliveries={deliveries}
            />
          </section>
        </aside>
      </div>
    </div>
  );
}

/** “；2026-11-23 00:00 自动进入通报（函告后仍未整改）” for the soonest timer that moves the case. */
function nextTimer(timers: PendingTimer[] | undefined, labels: Map<string, string>): string {
  const next = (timers ?? []).find((t) => t.target && labels.get(t.target));
  if (!next) return "";
  const why = next.label ? `（${next.label}）` : "";
  return `；${formatDateTime(next.dueAt)} 自动进入「${labels.get(next.target!)}」${why}`;
}

function RelatedCase({ label, related }: { label: string; related: InstanceRef }) {
  return (
    <li>
      {label}：
      <Link to={`/instances/${related.id}`}>
        {related.title ?? related.businessKey ?? related.processKey}
      </Link>{" "}
      <span className="muted">
        {statusLabels[related.status] ?? related.status} · {activeLabels(related)}
      </span>
    </li>
  );
}

/** For process admins and integrations: send one of the events the instance accepts now. */
function SendEvent({
  instanceId,
  events,
  labelOf,
  onSent,
}: {
  instanceId: string;
  events: string[];
  /** What the event means here (an outcome's or transition's label), else its key. */
  labelOf(event: string): string;
  onSent(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <details className="send-event">
      <summary>发送事件（管理员）</summary>
      <div className="row wrap">
        {events.map((event) => (
          <button
            key={event}
            type="button"
            className="btn small"
            disabled={busy}
            onClick={() => {
              if (!window.confirm(`向此案件发送事件「${labelOf(event)}」（${event}）？`)) return;
              setBusy(true);
              setError(null);
              api.instances
                .send(instanceId, event)
                .then(onSent)
                .catch((reason: unknown) => setError(describeError(reason)))
                .finally(() => setBusy(false));
            }}
          >
            {labelOf(event)} <code>{event}</code>
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
