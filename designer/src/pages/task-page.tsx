/**
 * /tasks/:id: the case's key facts, the task's form with one button per outcome,
 * claim / unclaim / delegate, and the instance's timeline and diagram.
 */
import { useMemo, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import { activeKeys } from "../api/types.js";
import type { JsonSchema, Outcome, Task } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { describeDue, formatDateTime, statusLabels } from "../components/format.js";
import { CaseFacts } from "../case/case-facts.js";
import { FieldValues } from "../case/field-values.js";
import { formFields } from "../case/step-fields.js";
import { fieldSchemas } from "../case/field-schemas.js";
import { handlerOf } from "../case/handler.js";
import { StepList, stepsOf } from "../case/step-list.js";
import { useCaseRecord } from "../case/use-case-record.js";
import { noNames, personName, type Names } from "../components/history-words.js";
import { useLiveTick } from "../components/live-updates.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { Timeline } from "../components/timeline.js";
import { useAsync } from "../components/use-async.js";
import { ProcessDiagram } from "../diagram/process-diagram.js";
import { fieldErrorsFrom, toFormPath } from "../forms/field-errors.js";
import type { FieldErrors } from "../forms/field-errors.js";
import { FormVarsContext } from "../forms/file-field.js";
import { SchemaForm } from "../forms/schema-form.js";
import { DelegatePicker } from "./delegate-picker.js";

export function TaskPage() {
  const { id = "" } = useParams();
  const tick = useLiveTick();
  const task = useAsync(() => api.tasks.get(id), [id]);
  const admin = useSession().hasGroup("process-admin");
  const context = useCaseRecord(task.data?.instanceId, tick);

  if (task.loading && task.data?.id !== id) return <Loading />;
  if (task.error || !task.data)
    return (
      <div className="page">
        <ErrorBox error={task.error} onRetry={task.reload} />
      </div>
    );

  const definition = context.data?.definition;
  const names = context.data?.names ?? noNames;

  return (
    <div className="page task-page">
      <nav className="breadcrumbs" aria-label="位置">
        <Link to="/inbox">待办</Link> <span aria-hidden="true">/</span>{" "}
        <span>{task.data.name}</span>
      </nav>
      <div className="task-layout">
        <section className="panel task-work" aria-labelledby="task-title">
          <TaskHeader task={task.data} names={names} />
          {context.data && (
            <details className="key-facts" open={!window.matchMedia("(max-width: 760px)").matches}>
              <summary>案件信息</summary>
              <CaseFacts
                instance={context.data.instance}
                definition={context.data.definition}
                history={context.data.history}
                names={names}
                admin={admin}
              />
            </details>
          )}
          <FormVarsContext.Provider
            value={{ vars: context.data?.instance.vars ?? {}, fields: fieldSchemas(definition) }}
          >
            <TaskWork key={task.data.id} task={task.data} names={names} onChanged={task.reload} />
          </FormVarsContext.Provider>
        </section>
        <aside className="task-side">
          <section className="panel">
            <h2>{admin ? "流程图" : "办理进度"}</h2>
            {context.error ? (
              <ErrorBox error={context.error} onRetry={context.reload} />
            ) : !context.data || !definition ? (
              <Loading />
            ) : admin ? (
              <ProcessDiagram
                definition={definition}
                activeStates={activeKeys(context.data.instance)}
                visitedStates={context.data.history.flatMap((h) => h.to)}
                height={300}
              />
            ) : (
              <StepList
                steps={stepsOf(
                  definition,
                  context.data.history,
                  activeKeys(context.data.instance),
                  context.data.instance.timers,
                )}
              />
            )}
            {context.data && (
              <p>
                <Link to={`/instances/${context.data.instance.id}`}>查看案件详情 →</Link>
              </p>
            )}
          </section>
          <section className="panel">
            <h2>办理记录</h2>
            {context.data ? (
              <Timeline
                entries={context.data.history}
                definition={context.data.definition}
                names={names}
                admin={admin}
                deliveries={context.data.deliveries}
              />
            ) : (
              <Loading />
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

function TaskHeader({ task, names }: { task: Task; names: Names }) {
  const due = describeDue(task.dueAt);
  const open = task.status === "open" || task.status === "claimed";
  return (
    <header className="task-header">
      <h1 id="task-title">{task.name}</h1>
      <p className="task-case">{task.title ?? task.businessKey ?? task.instanceId}</p>
      <dl className="facts compact">
        <div>
          <dt>状态</dt>
          <dd>
            <span className={`status status-${task.status}`}>
              {statusLabels[task.status] ?? task.status}
            </span>
          </dd>
        </div>
        <div>
          <dt>办理人</dt>
          <dd>{handlerOf(task, names)}</dd>
        </div>
        <div>
          <dt>期限</dt>
          <dd className={due.overdue && open ? "danger" : undefined}>
            {formatDateTime(task.dueAt)} {open && task.dueAt ? `（${due.text}）` : ""}
          </dd>
        </div>
        {task.businessKey && (
          <div>
            <dt>编号</dt>
            <dd>{task.businessKey}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}

/** Focuses the first marked field once the errors are rendered. */
function focusFirstError(): void {
  setTimeout(() => {
    document
      .querySelector<HTMLElement>(
        ".field.has-error input, .field.has-error textarea, .field.has-error select",
      )
      ?.focus();
  }, 0);
}

function TaskWork({ task, names, onChanged }: { task: Task; names: Names; onChanged(): void }) {
  const { user, hasGroup } = useSession();
  const admin = hasGroup("process-admin");
  const navigate = useNavigate();
  const [data, setData] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const form = (task.form ?? { type: "object", properties: {} }) as JsonSchema;
  const open = task.status === "open" || task.status === "claimed";
  const mine = task.assignee !== null && task.assignee === user?.id;
  const fieldCount = useMemo(() => Object.keys(form.properties ?? {}).length, [form]);

  const run = async (label: string, action: () => Promise<unknown>) => {
    setBusy(label);
    setMessage(null);
    try {
      await action();
      onChanged();
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setBusy(null);
    }
  };

  const complete = async (outcome: Outcome) => {
    setBusy(outcome.event);
    setMessage(null);
    setErrors({});
    try {
      await api.tasks.complete(task.id, outcome.event, data, idempotencyKey.current);
      navigate("/inbox", { state: { flash: `已提交「${task.name}」：${outcome.label}` } });
    } catch (error) {
      idempotencyKey.current = crypto.randomUUID();
      if (error instanceof ApiError && error.status === 422 && error.problems.length > 0) {
        // A rule refused it (GUARD_REJECTED): each message at its field, the rest above the buttons.
        // The box repeats every message, so one whose field is out of view is still read.
        const fieldErrors: FieldErrors = {};
        for (const problem of error.problems) {
          const path = toFormPath(problem.path);
          if (path !== "" && form.properties?.[path] !== undefined)
            (fieldErrors[path] ??= []).push(problem.message);
        }
        setErrors(fieldErrors);
        setMessage(error.problems.map((p) => p.message).join("；"));
        focusFirstError();
      } else if (error instanceof ApiError && error.problems.length > 0 && error.status === 400) {
        const fieldErrors = fieldErrorsFrom(error.problems);
        setErrors(fieldErrors);
        setMessage(`请修正标出的 ${Object.keys(fieldErrors).length} 处内容后再提交`);
        focusFirstError();
      } else if (error instanceof ApiError && error.status === 409) {
        // The task was done, taken or ended meanwhile: say so, not a generic conflict.
        setMessage("此任务已由他人办理、签收或已结束，请返回待办查看最新情况");
      } else {
        setMessage(describeError(error));
      }
    } finally {
      setBusy(null);
    }
  };

  if (!open) {
    return (
      <section className="task-result" aria-label="办理结果">
        <p>
          此任务{statusLabels[task.status]}
          {task.completedBy ? `，办理人 ${personName(task.completedBy, names)}` : ""}
          {task.endedAt ? `，${formatDateTime(task.endedAt)}` : ""}。
        </p>
        {task.outcome && (
          <p>
            结果：
            <strong>
              {task.outcomes.find((o) => o.event === task.outcome)?.label ?? task.outcome}
            </strong>
          </p>
        )}
        {task.data && <FieldValues values={task.data} fields={formFields(form)} admin={admin} />}
      </section>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const first = task.outcomes[0];
    if (first && task.outcomes.length === 1) void complete(first);
  };

  return (
    <form className="task-form" onSubmit={onSubmit} noValidate aria-label="办理表单">
      <div className="claim-row">
        {task.assignee === null ? (
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => void run("claim", () => api.tasks.claim(task.id))}
          >
            签收
          </button>
        ) : mine ? (
          <button
            type="button"
            className="btn ghost"
            disabled={busy !== null}
            onClick={() => void run("unclaim", () => api.tasks.unclaim(task.id))}
          >
            退回组内
          </button>
        ) : (
          <span className="muted">已由 {personName(task.assignee, names)} 签收</span>
        )}
        <DelegatePicker task={task} disabled={busy !== null} />
      </div>
      {task.description && (
        <p className="task-description" aria-label="办理说明">
          {task.description}
        </p>
      )}
      {fieldCount > 0 && (
        <SchemaForm
          schema={form}
          value={data}
          onChange={setData}
          errors={errors}
          idPrefix="task"
          disabled={busy !== null}
        />
      )}
      {message && (
        <div className="error-box" role="alert">
          {message}
        </div>
      )}
      <div className="outcomes">
        {task.outcomes.map((outcome, index) => (
          <button
            key={outcome.event}
            type="button"
            className={`btn ${outcome.style === "danger" ? "danger" : outcome.style === "primary" || (index === 0 && !outcome.style) ? "primary" : ""}`}
            disabled={busy !== null}
            data-outcome={outcome.event}
            onClick={() => void complete(outcome)}
          >
            {busy === outcome.event ? "提交中…" : outcome.label}
          </button>
        ))}
      </div>
    </form>
  );
}
