/**
 * The write side of a batch of due jobs: the planned changes of many instances
 * (engine/runtime/plan-change.ts), one per instance, written by one statement
 * of data-modifying CTEs over multi-row inputs (`json_to_recordset`): the
 * instance rows, their history rows, the tasks and timers of the states they
 * left cancelled, the tasks, jobs, notifications and messages they open, the
 * batch's jobs marked done, and a `pg_notify` for every event. With BEGIN, the
 * claim and COMMIT, a batch of any size is four statements.
 *
 * Its text never depends on the batch, so it is prepared once per connection.
 * All CTEs see the rows as they were before the statement, so an instance
 * appears at most once in a batch (the runner leaves a second job of the same
 * instance for the next batch), and the cancels never touch the jobs the
 * batch marks done (a timer whose state its own firing leaves). With
 * `insert`, the instance rows are inserted instead: the starts a schedule
 * fires for many items at once (engine/scheduler/fire-schedules.ts).
 *
 * @example
 * ```ts
 * const { jobsAdded } = await writeBatch(unit, [{ row, plan }], doneJobIds);
 * ```
 */
import { historyRowsOf, type PlannedChange } from "../runtime/plan-change.js";
import { CHANNEL_EVENTS, CHANNEL_JOBS, type UnitOfWork } from "../service/context.js";
import type { InstanceRow } from "../service/rows.js";
import { TASK_COLUMNS, iso, jobRecord, taskRecord } from "../service/write-change.js";

/** The instances' rows: updated (due jobs), or inserted (a schedule's starts). */
const UPDATE_INSTANCES = `changed as (
    update instances i set snapshot = r.snapshot, vars = r.vars, active_states = r.active_states,
        status = r.status, revision = r.revision, title = r.title, visible_to = r.visible_to,
        participants = r.participants, updated_at = $1::timestamptz, ended_at = r.ended_at
      from json_to_recordset($2::text::json) as r(id uuid, snapshot jsonb, vars jsonb,
        active_states text[], status text, revision int, title text, visible_to text[],
        participants text[], ended_at timestamptz)
     where i.id = r.id and i.id = any((select changed from ids)::uuid[]))`;

const INSERT_INSTANCES = `changed as (
    insert into instances (id, process_key, version, business_key, title, status, snapshot, vars,
        active_states, parent_id, revision, visible_to, participants, started_by, started_at,
        updated_at, ended_at)
    select r.id, r.process_key, r.version, r.business_key, r.title, r.status, r.snapshot, r.vars,
        r.active_states, r.parent_id, r.revision, r.visible_to, r.participants, r.started_by,
        $1::timestamptz, $1::timestamptz, r.ended_at
      from json_to_recordset($2::text::json) as r(id uuid, snapshot jsonb, vars jsonb,
        active_states text[], status text, revision int, title text, visible_to text[],
        participants text[], ended_at timestamptz, process_key text, version int,
        business_key text, parent_id uuid, started_by text))`;

const batchStatement = (instanceStatement: string) => `with
  ids as materialized (
    select $9::text::bigint[] as done, $11::text::uuid[] as changed, $12::text::uuid[] as cancelled),
  ${instanceStatement},
  logged as (
    insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
    select h.instance_id, h.seq, $1::timestamptz, h.kind, h.actor, h.event, h.from_states,
        h.to_states, h.data
      from json_to_recordset($3::text::json) as h(instance_id uuid, seq int, kind text,
        actor text, event text, from_states text[], to_states text[], data jsonb)),
  cancels as (
    select * from json_to_recordset($4::text::json) as c(instance_id uuid, task_states text[],
        timer_states text[], all_work boolean)),
  cancelled_tasks as (
    update tasks t set status = 'cancelled', ended_at = $1::timestamptz
      from cancels c
     where t.instance_id = any((select cancelled from ids)::uuid[]) and t.instance_id = c.instance_id
       and t.status in ('open', 'claimed')
       and (c.all_work or t.state_key = any(c.task_states))
    returning t.id, t.instance_id),
  cancelled_timers as (
    update jobs j set status = 'cancelled', finished_at = $1::timestamptz
      from cancels c
     where j.instance_id = any((select cancelled from ids)::uuid[]) and j.instance_id = c.instance_id
       and j.kind = 'timer' and j.status = 'pending'
       and (c.all_work or j.state_key = any(c.timer_states))
       and j.id <> all((select done from ids)::bigint[])),
  new_tasks as (
    insert into tasks (${TASK_COLUMNS})
    select t.id, t.instance_id, t.process_key, t.state_key, t.name, t.candidate_groups,
        t.assignee, t.status, t.due_at, t.calendar_incomplete, t.due_rule, t.priority, t.form,
        t.outcomes, t.business_key, t.title, $1::timestamptz, t.ended_at
      from json_to_recordset($5::text::json) as t(id uuid, instance_id uuid, process_key text,
        state_key text, name text, candidate_groups text[], assignee text, status text,
        due_at timestamptz, calendar_incomplete boolean, due_rule jsonb, priority int,
        form jsonb, outcomes jsonb, business_key text, title text, ended_at timestamptz)),
  new_jobs as (
    insert into jobs (kind, instance_id, state_key, payload, due_at, status, created_at,
        finished_at, calendar_incomplete, due_rule)
    select j.kind, j.instance_id, j.state_key, j.payload, j.due_at, j.status, $1::timestamptz,
        j.finished_at, j.calendar_incomplete, j.due_rule
      from json_to_recordset($6::text::json) as j(kind text, instance_id uuid, state_key text,
        payload jsonb, due_at timestamptz, status text, finished_at timestamptz,
        calendar_incomplete boolean, due_rule jsonb)),
  new_outbox as (
    insert into outbox (instance_id, channel, recipients, title, message, urgent, status,
        created_at)
    select o.instance_id, o.channel, o.recipients, o.title, o.message, o.urgent, 'pending',
        $1::timestamptz
      from json_to_recordset($7::text::json) as o(instance_id uuid, channel text,
        recipients text[], title text, message text, urgent boolean)
    returning id, instance_id),
  deliveries as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'deliver', new_outbox.instance_id, jsonb_build_object('outboxId', new_outbox.id),
        $1::timestamptz, 'pending', $1::timestamptz
      from new_outbox),
  to_children as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'message', child.id, jsonb_build_object('event', m.event, 'from', m.instance_id::text),
        $1::timestamptz, 'pending', $1::timestamptz
      from json_to_recordset($8::text::json) as m(instance_id uuid, event jsonb, key text)
      join instances child on child.parent_id = m.instance_id and child.status = 'running'
       and (m.key is null or child.process_key = m.key)),
  done as (
    update jobs set status = 'done', attempts = attempts + 1, finished_at = $1::timestamptz
     where id = any((select done from ids)::bigint[])),
  notices as (
    select pg_notify(n.channel, n.payload) from (
      select '${CHANNEL_EVENTS}' as channel, json_build_object('type', 'task.cancelled',
          'taskId', cancelled_tasks.id, 'instanceId', cancelled_tasks.instance_id)::text as payload
        from cancelled_tasks
      union all
      select n.channel, n.payload from json_to_recordset($10::text::json) as n(channel text, payload text)
    ) n)
select pg_current_xact_id()::text as xid, (select count(*) from notices)::int as notices`;

const BATCH_STATEMENT = batchStatement(UPDATE_INSTANCES);
const START_STATEMENT = batchStatement(INSERT_INSTANCES);

/** One instance's change in the batch: its row as claimed and what its job's step planned. */
export interface BatchChange {
  row: InstanceRow;
  plan: PlannedChange;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Writes every change of the batch, marks `doneJobs` done, and sends the events
 * the changes and `unit.log` announce, in one statement; returns whether it
 * added pending jobs (some may be due already).
 */
export async function writeBatch(
  unit: UnitOfWork,
  changes: BatchChange[],
  doneJobs: number[],
  options: { insert?: boolean } = {},
): Promise<{ jobsAdded: boolean }> {
  const now = unit.clock.now();
  const instances: unknown[] = [];
  const history: unknown[] = [];
  const cancels: unknown[] = [];
  /** The instances in `cancels`. */
  const cancelled: string[] = [];
  const tasks: unknown[] = [];
  const jobs: unknown[] = [];
  const notifications: unknown[] = [];
  const toChildren: unknown[] = [];
  const events = [...unit.log.events];
  let jobsAdded = unit.log.jobsAdded;
  unit.log.events.length = 0;
  unit.log.jobsAdded = false;
  for (const { row, plan } of changes) {
    if (plan.children.length > 0)
      throw new Error("a change that starts child processes is not written in a batch");
    const next = plan.instance;
    instances.push({
      id: row.id,
      snapshot: next.snapshot,
      vars: next.vars,
      active_states: next.activeStates,
      status: next.status,
      revision: next.revision,
      title: next.title,
      visible_to: next.visibleTo,
      participants: next.participants,
      ended_at: iso(next.endedAt),
      ...(options.insert
        ? {
            process_key: row.processKey,
            version: row.version,
            business_key: row.businessKey,
            parent_id: row.parentId,
            started_by: row.startedBy,
          }
        : {}),
    });
    for (const entry of historyRowsOf(plan))
      history.push({
        instance_id: row.id,
        seq: entry.seq,
        kind: entry.kind,
        actor: entry.actor,
        event: entry.event,
        from_states: entry.from,
        to_states: entry.to,
        data: entry.data,
      });
    if (plan.cancelAll || plan.cancelTasksOf.length > 0 || plan.cancelTimersOf.length > 0) {
      cancelled.push(row.id);
      cancels.push({
        instance_id: row.id,
        task_states: plan.cancelTasksOf,
        timer_states: plan.cancelTimersOf,
        all_work: plan.cancelAll,
      });
    }
    for (const task of plan.tasks)
      tasks.push({ ...taskRecord(row, plan, task, now), instance_id: row.id });
    for (const job of plan.jobs) jobs.push(jobRecord(job, now));
    for (const { to, ...rest } of plan.notifications)
      notifications.push({ ...rest, recipients: to, instance_id: row.id });
    for (const message of plan.toChildren) toChildren.push({ ...message, instance_id: row.id });
    events.push(...plan.events);
    jobsAdded ||=
      plan.jobs.some((job) => job.status === "pending") ||
      plan.notifications.length > 0 ||
      plan.toChildren.length > 0;
  }
  const notices = events.map((event) => ({
    channel: CHANNEL_EVENTS,
    payload: JSON.stringify(event),
  }));
  if (jobsAdded) notices.push({ channel: CHANNEL_JOBS, payload: "" });
  const [written] = await unit.statements.run<{ xid: string }>(
    options.insert ? START_STATEMENT : BATCH_STATEMENT,
    [
      iso(now),
      json(instances),
      json(history),
      json(cancels),
      json(tasks),
      json(jobs),
      json(notifications),
      json(toChildren),
      `{${doneJobs.join(",")}}`,
      json(notices),
      // The same ids again as arrays, so that the planner reaches the rows through their
      // indexes (a join with json_to_recordset alone scanned the whole tables); read once
      // (the ids CTE: a cast of a parameter in a filter is parsed again for every row).
      `{${changes.map(({ row }) => row.id).join(",")}}`,
      `{${cancelled.join(",")}}`,
    ],
  );
  if (written?.xid) unit.statements.wrote(written.xid);
  return { jobsAdded };
}
