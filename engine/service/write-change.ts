/**
 * The write side of a change: one statement of data-modifying CTEs that writes a
 * planned change (engine/runtime/plan-change.ts) and announces it. It updates (or,
 * for a start, inserts) the instance row and reads the transaction's id there,
 * inserts the history row, completes the task the change came from, cancels the
 * tasks and timers of the states left, inserts the new tasks, jobs, notifications
 * and messages to children, and calls `pg_notify` for every event: with BEGIN,
 * the locked read and COMMIT, a change is four statements.
 *
 * Its text never depends on the change (rows travel as JSON, lists as arrays),
 * so the postgres driver prepares it once per connection. All CTEs see the
 * snapshot from before the statement: the cancels touch only rows that were
 * there before, never the ones the same statement inserts.
 *
 * @example
 * ```ts
 * const plan = planChange({ … });
 * const next = await writeChange(unit, row, plan, { insert: false });
 * ```
 */
import type { InstanceId } from "../ids.js";
import type { PlannedChange } from "../runtime/plan-change.js";
import type { EngineEvent } from "../types.js";
import { CHANNEL_EVENTS, CHANNEL_JOBS, type UnitOfWork } from "./context.js";
import type { InstanceRow } from "./rows.js";

/** The instance update: `$1` id, `$2` now, `$3`–`$11` its columns. */
const UPDATE_INSTANCE = `update instances set
    snapshot = $3::text::jsonb, vars = $4::text::jsonb, active_states = $5::text[],
    status = $6::text, revision = $7::int, title = $8::text, visible_to = $9::text[],
    participants = $10::text[], updated_at = $2::timestamptz, ended_at = $11::timestamptz
  where id = $1::uuid
  returning pg_current_xact_id()::text as xid`;

/** A start's instance row: the update's parameters, then `$27`–`$31`. */
const INSERT_INSTANCE = `insert into instances (id, process_key, version, business_key, title,
    status, snapshot, vars, active_states, parent_id, revision, visible_to, participants,
    started_by, started_at, updated_at, ended_at)
  values ($1::uuid, $27::text, $28::int, $29::text, $8::text, $6::text, $3::text::jsonb,
    $4::text::jsonb, $5::text[], $30::uuid, $7::int, $9::text[], $10::text[], $31::text,
    $2::timestamptz, $2::timestamptz, $11::timestamptz)
  returning pg_current_xact_id()::text as xid`;

function changeStatement(instance: string): string {
  return `with
  instance_row as (${instance}),
  history_row as (
    insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
    values ($1::uuid, $7::int, $2::timestamptz, $12::text, $13::text, $14::text, $15::text[],
      $5::text[], $16::text::jsonb)),
  completed_task as (
    update tasks set status = 'completed', ended_at = $2::timestamptz, completed_by = c.completed_by,
        outcome = c.outcome, data = c.data, assignee = c.assignee
      from json_to_record($18::text::json) as c(completed_by text, outcome text, data jsonb, assignee text)
     where tasks.id = $17::uuid),
  cancelled_tasks as (
    update tasks set status = 'cancelled', ended_at = $2::timestamptz
     where instance_id = $1::uuid and status in ('open', 'claimed')
       and ($21::boolean or state_key = any($19::text[]))
       and id is distinct from $17::uuid
    returning id),
  cancelled_timers as (
    update jobs set status = 'cancelled', finished_at = $2::timestamptz
     where instance_id = $1::uuid and kind = 'timer' and status = 'pending'
       and ($21::boolean or state_key = any($20::text[]))),
  new_tasks as (
    insert into tasks (id, instance_id, process_key, state_key, name, candidate_groups, assignee,
        status, due_at, calendar_incomplete, due_rule, priority, form, outcomes, business_key,
        title, created_at, ended_at)
    select t.id, $1::uuid, t.process_key, t.state_key, t.name, t.candidate_groups, t.assignee,
        t.status, t.due_at, t.calendar_incomplete, t.due_rule, t.priority, t.form, t.outcomes,
        t.business_key, t.title, $2::timestamptz, t.ended_at
      from json_to_recordset($22::text::json) as t(id uuid, process_key text, state_key text,
        name text, candidate_groups text[], assignee text, status text, due_at timestamptz,
        calendar_incomplete boolean, due_rule jsonb, priority int, form jsonb, outcomes jsonb,
        business_key text, title text, ended_at timestamptz)),
  new_jobs as (
    insert into jobs (kind, instance_id, state_key, payload, due_at, status, created_at,
        finished_at, calendar_incomplete, due_rule)
    select j.kind, j.instance_id, j.state_key, j.payload, j.due_at, j.status, $2::timestamptz,
        j.finished_at, j.calendar_incomplete, j.due_rule
      from json_to_recordset($23::text::json) as j(kind text, instance_id uuid, state_key text,
        payload jsonb, due_at timestamptz, status text, finished_at timestamptz,
        calendar_incomplete boolean, due_rule jsonb)),
  new_outbox as (
    insert into outbox (instance_id, channel, recipients, title, message, urgent, status,
        created_at)
    select $1::uuid, o.channel, o.recipients, o.title, o.message, o.urgent, 'pending',
        $2::timestamptz
      from json_to_recordset($24::text::json) as o(channel text, recipients text[], title text,
        message text, urgent boolean)
    returning id),
  deliveries as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'deliver', $1::uuid, jsonb_build_object('outboxId', new_outbox.id), $2::timestamptz,
        'pending', $2::timestamptz
      from new_outbox),
  to_children as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'message', child.id, jsonb_build_object('event', m.event, 'from', $1::text),
        $2::timestamptz, 'pending', $2::timestamptz
      from json_to_recordset($25::text::json) as m(event jsonb, key text)
      join instances child on child.parent_id = $1::uuid and child.status = 'running'
       and (m.key is null or child.process_key = m.key)),
  notices as (
    select pg_notify(n.channel, n.payload) from (
      select '${CHANNEL_EVENTS}' as channel, json_build_object('type', 'task.cancelled',
          'taskId', cancelled_tasks.id, 'instanceId', $1::uuid)::text as payload
        from cancelled_tasks
      union all
      select n.channel, n.payload from json_to_recordset($26::text::json) as n(channel text, payload text)
    ) n)
select (select xid from instance_row) as xid, (select count(*) from notices)::int as notices`;
}

const UPDATE_STATEMENT = changeStatement(UPDATE_INSTANCE);
const INSERT_STATEMENT = changeStatement(INSERT_INSTANCE);

/** A task the change completes: it is not cancelled by its state's exit. */
export interface CompletedTask {
  id: string;
  completedBy: string;
  outcome: string;
  data: Record<string, unknown>;
  assignee: string;
}

export interface WriteOptions {
  /** A start: the instance row is inserted with these columns. */
  insert?: { version: number; startedBy: string | null };
  completedTask?: CompletedTask;
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
export const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * One task the plan opens (or opens cancelled), as the row the write statements insert:
 * the one place that lists a task's columns, for a single change and for a batch.
 */
export function taskRecord(
  row: InstanceRow,
  plan: PlannedChange,
  { id, stateKey, task, status }: PlannedChange["tasks"][number],
  now: Date,
) {
  return {
    id,
    process_key: row.processKey,
    state_key: stateKey,
    name: task.name,
    candidate_groups: task.candidateGroups,
    assignee: task.assignee,
    status,
    due_at: task.dueAt,
    calendar_incomplete: task.calendarIncomplete,
    due_rule: task.dueRule,
    priority: task.priority,
    form: task.form,
    outcomes: task.outcomes,
    business_key: row.businessKey,
    title: plan.instance.title,
    ended_at: status === "cancelled" ? iso(now) : null,
  };
}

/**
 * Writes the plan over `row` (the locked instance, or for a start the row being
 * created) in one statement, with the events `unit.log` holds so far; returns the new row.
 */
export async function writeChange(
  unit: UnitOfWork,
  row: InstanceRow,
  plan: PlannedChange,
  options: WriteOptions = {},
): Promise<InstanceRow> {
  const next = plan.instance;
  const now = next.updatedAt;
  const events: EngineEvent[] = [...unit.log.events, ...plan.events];
  unit.log.events.length = 0;
  const jobsAdded =
    unit.log.jobsAdded ||
    plan.jobs.some((job) => job.status === "pending") ||
    plan.notifications.length > 0 ||
    plan.toChildren.length > 0;
  unit.log.jobsAdded = false;
  const notices = events.map((event) => ({
    channel: CHANNEL_EVENTS,
    payload: JSON.stringify(event),
  }));
  if (jobsAdded) notices.push({ channel: CHANNEL_JOBS, payload: "" });
  const completed = options.completedTask;
  const params: unknown[] = [
    row.id,
    iso(now),
    json(next.snapshot),
    json(next.vars),
    next.activeStates,
    next.status,
    next.revision,
    next.title,
    next.visibleTo,
    next.participants,
    iso(next.endedAt),
    plan.history.kind,
    plan.history.actor,
    plan.history.event,
    plan.history.from,
    json(plan.history.data),
    completed?.id ?? null,
    json(
      completed
        ? {
            completed_by: completed.completedBy,
            outcome: completed.outcome,
            data: completed.data,
            assignee: completed.assignee,
          }
        : {},
    ),
    plan.cancelTasksOf,
    plan.cancelTimersOf,
    plan.cancelAll,
    json(plan.tasks.map((task) => taskRecord(row, plan, task, now))),
    json(
      plan.jobs.map((job) => ({
        kind: job.kind,
        instance_id: job.instanceId,
        state_key: job.stateKey,
        payload: job.payload,
        due_at: iso(job.dueAt),
        status: job.status,
        finished_at: job.status === "cancelled" ? iso(now) : null,
        calendar_incomplete: job.calendarIncomplete,
        due_rule: job.dueRule,
      })),
    ),
  ];
  params.push(
    json(plan.notifications.map(({ to, ...rest }) => ({ ...rest, recipients: to }))),
    json(plan.toChildren),
    json(notices),
  );
  const insert = options.insert;
  // $27–$31 exist in the start's statement only (a prepared statement types all its parameters).
  if (insert)
    params.push(row.processKey, insert.version, row.businessKey, row.parentId, insert.startedBy);
  const text = insert ? INSERT_STATEMENT : UPDATE_STATEMENT;
  const [written] = await unit.statements.run<{ xid: string }>(text, params);
  if (written?.xid) unit.statements.wrote(written.xid);
  return {
    ...row,
    ...next,
    snapshot: next.snapshot,
    id: row.id as InstanceId,
  };
}
