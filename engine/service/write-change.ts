/**
 * The write side of a change: one statement of data-modifying CTEs that writes a
 * planned change (engine/runtime/plan-change.ts) and announces it. It updates (or,
 * for a start, inserts) the instance row, inserts the history row (and one per
 * automatic move), completes the task the change came from, cancels the tasks and
 * timers of the states left, inserts the new tasks, jobs, notifications and messages
 * to children; its final select reads the transaction's id and calls `pg_notify` for
 * every event (from a CTE when there are many, or cancelled tasks): with BEGIN,
 * the locked read and COMMIT, a change is four statements. Once the locked read has
 * told the transaction's id, the write is not waited for: on PostgreSQL it leaves
 * with COMMIT (`Statements.write`), so a change is two round trips. A task completion
 * first tried without a lock (optimistic-change.ts) sends the same statement guarded
 * (`ChangeGuard`): without BEGIN and COMMIT, a change is then two statements.
 *
 * Its text depends only on which parts the change needs (rows travel as JSON, a
 * single new task and the notices as parameters, lists as arrays), so there are a
 * few texts, each composed once per engine (`ChangeTexts`) and prepared by the
 * postgres driver once per connection. All CTEs see the snapshot from before the
 * statement: the cancels touch only rows that were there before, never the ones
 * the same statement inserts.
 *
 * @example
 * ```ts
 * const plan = planChange({ … });
 * const next = await writeChange(unit, row, plan, { insert: false });
 * ```
 */
import type { InstanceId } from "../ids.js";
import { historyRowsOf, type PlannedChange } from "../runtime/plan-change.js";
import type { EngineEvent } from "../types.js";
import { CHANNEL_EVENTS, CHANNEL_JOBS, type UnitOfWork } from "./context.js";
import { NeedsLock } from "./optimistic-change.js";
import type { InstanceRow } from "./rows.js";

/**
 * `$n` for a named value: numbered in the order the statement first names it, so
 * that a statement leaving a part out sends no parameter it does not use (a
 * prepared statement must be able to type every parameter).
 */
type Param = (name: keyof ChangeValues) => string;

/**
 * The instance update; `guarded`, only at the revision and participants read (a claim
 * adds a participant without a new revision), and it answers whether it found the row.
 */
const updateInstance = (p: Param, guarded: boolean) => `update instances set
    snapshot = ${p("snapshot")}::text::jsonb, vars = ${p("vars")}::text::jsonb,
    active_states = ${p("activeStates")}::text[], status = ${p("status")}::text,
    revision = ${p("revision")}::int, title = ${p("title")}::text,
    visible_to = ${p("visibleTo")}::text[], participants = ${p("participants")}::text[],
    updated_at = ${p("now")}::timestamptz, ended_at = ${p("endedAt")}::timestamptz
  where id = ${p("id")}::uuid${
    guarded
      ? ` and revision = ${p("readRevision")}::int
    and participants = ${p("readParticipants")}::text[]
  returning 1`
      : ""
  }`;

/** A start's instance row. */
const insertInstance = (p: Param) => `insert into instances (id, process_key, version,
    business_key, title, status, snapshot, vars, active_states, parent_id, revision, visible_to,
    participants, started_by, started_at, updated_at, ended_at)
  values (${p("id")}::uuid, ${p("processKey")}::text, ${p("version")}::int,
    ${p("businessKey")}::text, ${p("title")}::text, ${p("status")}::text,
    ${p("snapshot")}::text::jsonb, ${p("vars")}::text::jsonb, ${p("activeStates")}::text[],
    ${p("parentId")}::uuid, ${p("revision")}::int, ${p("visibleTo")}::text[],
    ${p("participants")}::text[], ${p("startedBy")}::text, ${p("now")}::timestamptz,
    ${p("now")}::timestamptz, ${p("endedAt")}::timestamptz)`;

const historyRow = (p: Param) => `history_row as (
    insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
    values (${p("id")}::uuid, ${p("revision")}::int, ${p("now")}::timestamptz,
      ${p("historyKind")}::text, ${p("historyActor")}::text, ${p("historyEvent")}::text,
      ${p("historyFrom")}::text[], ${p("activeStates")}::text[], ${p("historyData")}::text::jsonb))`;

/**
 * A change that took automatic transitions (`always`): its own row, then one per move,
 * each with its own seq and states (the single row above has the revision's seq and the
 * final states, which then are the last row's).
 */
const historyRows = (p: Param) => `history_row as (
    insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
    select ${p("id")}::uuid, h.seq, ${p("now")}::timestamptz, h.kind, h.actor, h.event,
        h.from_states, h.to_states, h.data
      from json_to_recordset(${p("historyRows")}::text::json) as h(seq int, kind text,
        actor text, event text, from_states text[], to_states text[], data jsonb))`;

/**
 * The task the change came from. Its completion's values are parameters, not a JSON record
 * for `json_to_record` to unpack: a table function less for PostgreSQL to start and run
 * (replays of a completion's write: about 0.02 ms less of the backends' CPU, 2 %).
 */
const completedTask = (p: Param, guarded: boolean) => `completed_task as (
    update tasks set status = 'completed', ended_at = ${p("now")}::timestamptz,
        completed_by = ${p("completedBy")}::text, outcome = ${p("outcome")}::text,
        data = ${p("completionData")}::text::jsonb, assignee = ${p("assignee")}::text
     where id = ${p("completedTaskId")}::uuid${
       guarded
         ? ` and status = ${p("readTaskStatus")}::text
       and assignee is not distinct from ${p("readTaskAssignee")}::text
    returning 1`
         : ""
     })`;

const cancelledTasks = (p: Param) => `cancelled_tasks as (
    update tasks set status = 'cancelled', ended_at = ${p("now")}::timestamptz
     where instance_id = ${p("id")}::uuid and status in ('open', 'claimed')
       and (${p("cancelAll")}::boolean or state_key = any(${p("cancelTasksOf")}::text[]))
       and id is distinct from ${p("completedTaskId")}::uuid
    returning id)`;

const cancelledTimers = (p: Param) => `cancelled_timers as (
    update jobs set status = 'cancelled', finished_at = ${p("now")}::timestamptz
     where instance_id = ${p("id")}::uuid and kind = 'timer' and status = 'pending'
       and (${p("cancelAll")}::boolean or state_key = any(${p("cancelTimersOf")}::text[])))`;

/** The columns a new task is inserted with, in the order of the values each writer gives. */
export const TASK_COLUMNS = `id, instance_id, process_key, state_key, name, candidate_groups,
        assignee, status, due_at, calendar_incomplete, due_rule, priority, form, outcomes,
        business_key, title, created_at, ended_at`;

const newTasks = (p: Param) => `new_tasks as (
    insert into tasks (${TASK_COLUMNS})
    select t.id, ${p("id")}::uuid, t.process_key, t.state_key, t.name, t.candidate_groups,
        t.assignee, t.status, t.due_at, t.calendar_incomplete, t.due_rule, t.priority, t.form,
        t.outcomes, t.business_key, t.title, ${p("now")}::timestamptz, t.ended_at
      from json_to_recordset(${p("tasks")}::text::json) as t(id uuid, process_key text,
        state_key text, name text, candidate_groups text[], assignee text, status text,
        due_at timestamptz, calendar_incomplete boolean, due_rule jsonb, priority int, form jsonb,
        outcomes jsonb, business_key text, title text, ended_at timestamptz))`;

/**
 * A change that opens exactly one task (most do): its columns as parameters, not a JSON
 * record set for `json_to_recordset` to unpack.
 */
const newTask = (p: Param) => `new_tasks as (
    insert into tasks (${TASK_COLUMNS})
    values (${p("taskId")}::uuid, ${p("id")}::uuid, ${p("processKey")}::text,
        ${p("taskStateKey")}::text, ${p("taskName")}::text, ${p("taskCandidateGroups")}::text[],
        ${p("taskAssignee")}::text, ${p("taskStatus")}::text, ${p("taskDueAt")}::timestamptz,
        ${p("taskCalendarIncomplete")}::boolean, ${p("taskDueRule")}::text::jsonb,
        ${p("taskPriority")}::int, ${p("taskForm")}::text::jsonb, ${p("taskOutcomes")}::text::jsonb,
        ${p("businessKey")}::text, ${p("title")}::text, ${p("now")}::timestamptz,
        ${p("taskEndedAt")}::timestamptz))`;

const newJobs = (p: Param) => `new_jobs as (
    insert into jobs (kind, instance_id, state_key, payload, due_at, status, created_at,
        finished_at, calendar_incomplete, due_rule)
    select j.kind, j.instance_id, j.state_key, j.payload, j.due_at, j.status,
        ${p("now")}::timestamptz, j.finished_at, j.calendar_incomplete, j.due_rule
      from json_to_recordset(${p("jobs")}::text::json) as j(kind text, instance_id uuid,
        state_key text, payload jsonb, due_at timestamptz, status text, finished_at timestamptz,
        calendar_incomplete boolean, due_rule jsonb))`;

/** Each notification: an outbox row and the job that delivers it. */
const newOutbox = (p: Param) => `new_outbox as (
    insert into outbox (instance_id, channel, recipients, title, message, urgent, status,
        created_at)
    select ${p("id")}::uuid, o.channel, o.recipients, o.title, o.message, o.urgent, 'pending',
        ${p("now")}::timestamptz
      from json_to_recordset(${p("notifications")}::text::json) as o(channel text,
        recipients text[], title text, message text, urgent boolean)
    returning id),
  deliveries as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'deliver', ${p("id")}::uuid, jsonb_build_object('outboxId', new_outbox.id),
        ${p("now")}::timestamptz, 'pending', ${p("now")}::timestamptz
      from new_outbox)`;

const toChildren = (p: Param) => `to_children as (
    insert into jobs (kind, instance_id, payload, due_at, status, created_at)
    select 'message', child.id, jsonb_build_object('event', m.event, 'from', ${p("id")}::text),
        ${p("now")}::timestamptz, 'pending', ${p("now")}::timestamptz
      from json_to_recordset(${p("toChildren")}::text::json) as m(event jsonb, key text)
      join instances child on child.parent_id = ${p("id")}::uuid and child.status = 'running'
       and (m.key is null or child.process_key = m.key))`;

/**
 * `pg_notify` for every event, and for every task the change cancels, in a CTE the final
 * select counts (a CTE that only reads runs only when something reads it).
 */
const notices = (p: Param, cancelsTasks: boolean) => `notices as (
    select pg_notify(n.channel, n.payload) from (
      ${
        cancelsTasks
          ? `select '${CHANNEL_EVENTS}' as channel, json_build_object('type', 'task.cancelled',
          'taskId', cancelled_tasks.id, 'instanceId', ${p("id")}::uuid)::text as payload
        from cancelled_tasks
      union all
      `
          : ""
      }select n.channel, n.payload
        from unnest(${p("noticeChannels")}::text[], ${p("noticePayloads")}::text[]) as n(channel, payload)
    ) n)`;

/**
 * The most events a statement announces with one `pg_notify` call each in its final
 * select; a change with more (or one that cancels tasks, whose ids only the server
 * learns) announces them from a CTE. The calls cost the server less to start than the
 * CTE's scan of two arrays and its count.
 */
const INLINE_NOTICES = 8;

/** The events' `pg_notify` calls, one per payload, then the jobs channel's when jobs were added. */
const inlineNotices = (p: Param, events: number, jobs: boolean) =>
  [
    ...Array.from(
      { length: events },
      (_, i) => `pg_notify('${CHANNEL_EVENTS}', (${p("noticePayloads")}::text[])[${i + 1}])`,
    ),
    ...(jobs ? [`pg_notify('${CHANNEL_JOBS}', '')`] : []),
  ].map((call) => `,\n  ${call}`);

/** What the statement writes, by name. */
interface ChangeValues {
  id: string;
  now: string | null;
  snapshot: string | null;
  vars: string | null;
  activeStates: string[];
  status: string;
  revision: number;
  title: string | null;
  visibleTo: string[];
  participants: string[];
  endedAt: string | null;
  historyKind: string;
  historyActor: string | null;
  historyEvent: string | null;
  historyFrom: string[];
  historyData: string | null;
  historyRows: string | null;
  completedTaskId: string | null;
  completedBy: string | null;
  outcome: string | null;
  completionData: string | null;
  assignee: string | null;
  cancelAll: boolean;
  cancelTasksOf: string[];
  cancelTimersOf: string[];
  tasks: string | null;
  taskId: string | null;
  taskStateKey: string | null;
  taskName: string | null;
  taskCandidateGroups: string[] | null;
  taskAssignee: string | null;
  taskStatus: string | null;
  taskDueAt: string | null;
  taskCalendarIncomplete: boolean | null;
  taskDueRule: string | null;
  taskPriority: number | null;
  taskForm: string | null;
  taskOutcomes: string | null;
  taskEndedAt: string | null;
  jobs: string | null;
  notifications: string | null;
  toChildren: string | null;
  noticeChannels: string[];
  noticePayloads: string[];
  processKey: string;
  version: number;
  businessKey: string | null;
  parentId: string | null;
  startedBy: string | null;
  readRevision: number;
  readParticipants: string[];
  readTaskStatus: string | null;
  readTaskAssignee: string | null;
}

/**
 * A change written without a lock (optimistic-change.ts): its statement finds the
 * instance and the task it completes as they were read, or calls `zb_change_conflict()`
 * (SQLSTATE ZB409) and fails as a whole.
 */
export interface ChangeGuard {
  /** The completed task's status and assignee as read (null: the change completes no task). */
  task: { status: string; assignee: string | null } | null;
}

/** Which parts a change's statement has. */
interface ChangeShape {
  insert: boolean;
  automatic: boolean;
  completedTask: boolean;
  cancelTasks: boolean;
  cancelTimers: boolean;
  tasks: boolean;
  /** Exactly one new task (its columns as parameters). */
  oneTask: boolean;
  jobs: boolean;
  notifications: boolean;
  toChildren: boolean;
  /** The jobs channel is notified (new work for the workers). */
  jobsNotice: boolean;
  /** Written without a lock: guarded (`ChangeGuard`). */
  guarded: boolean;
  /** How many events the final select announces itself (`INLINE_NOTICES` at most); null: a CTE does. */
  inlineNotices: number | null;
}

const SHAPE_PARTS: readonly Exclude<keyof ChangeShape, "inlineNotices">[] = [
  "insert",
  "automatic",
  "completedTask",
  "cancelTasks",
  "cancelTimers",
  "tasks",
  "oneTask",
  "jobs",
  "notifications",
  "toChildren",
  "jobsNotice",
  "guarded",
];

/** A shape's statement text, and the values its `$1…` stand for, in order. */
interface ChangeText {
  text: string;
  names: (keyof ChangeValues)[];
}

/**
 * The change statements' texts by shape, composed once each: composing one took
 * about a fiftieth of a completion's Node CPU, and postgres.js hashes the text to
 * find its prepared statement, which a composed string pays each time. One per
 * engine (`EngineContext.changeTexts`); a few dozen shapes at most.
 */
export interface ChangeTexts {
  of(shape: ChangeShape): ChangeText;
  clear(): void;
}

export function createChangeTexts(): ChangeTexts {
  const texts = new Map<number, ChangeText>();
  return {
    of(shape) {
      const parts = SHAPE_PARTS.reduce(
        (bits, part, i) => (shape[part] ? bits | (1 << i) : bits),
        0,
      );
      const key = parts + (1 << SHAPE_PARTS.length) * ((shape.inlineNotices ?? -1) + 1);
      let text = texts.get(key);
      if (!text) texts.set(key, (text = composeChange(shape)));
      return text;
    },
    clear: () => texts.clear(),
  };
}

/**
 * The change's statement: only the parts the change writes (a part that writes
 * nothing still costs the server its plan's start, an index opened for each of
 * its table's indexes), so there are a few texts, each prepared once per
 * connection.
 */
function composeChange(has: ChangeShape): ChangeText {
  const names: (keyof ChangeValues)[] = [];
  const numbers = new Map<keyof ChangeValues, string>();
  const p: Param = (name) => {
    let ref = numbers.get(name);
    if (ref === undefined) {
      names.push(name);
      ref = `$${names.length}`;
      numbers.set(name, ref);
    }
    return ref;
  };
  const parts = [
    `instance_row as (${has.insert ? insertInstance(p) : updateInstance(p, has.guarded)})`,
    has.automatic ? historyRows(p) : historyRow(p),
  ];
  if (has.completedTask) parts.push(completedTask(p, has.guarded));
  if (has.cancelTasks) parts.push(cancelledTasks(p));
  if (has.cancelTimers) parts.push(cancelledTimers(p));
  if (has.oneTask) parts.push(newTask(p));
  else if (has.tasks) parts.push(newTasks(p));
  if (has.jobs) parts.push(newJobs(p));
  if (has.notifications) parts.push(newOutbox(p));
  if (has.toChildren) parts.push(toChildren(p));
  if (has.inlineNotices === null) parts.push(notices(p, has.cancelTasks));
  const announced =
    has.inlineNotices === null
      ? [`,\n  (select count(*) from notices)::int as notices`]
      : inlineNotices(p, has.inlineNotices, has.jobsNotice);
  const text = `with
  ${parts.join(",\n  ")}
select ${has.guarded ? guardedXid(has.completedTask) : "pg_current_xact_id()::text"} as xid${announced.join("")}`;
  return { text, names };
}

/**
 * The transaction's id when the guarded rows were found as read; otherwise the call that
 * fails the statement, so that none of its parts is written.
 */
const guardedXid = (completesTask: boolean) =>
  `case when (select count(*) from instance_row) = 1${
    completesTask ? " and (select count(*) from completed_task) = 1" : ""
  } then pg_current_xact_id()::text else zb_change_conflict() end`;

/** A task the change completes: it is not cancelled by its state's exit. */
export interface CompletedTask {
  id: string;
  /** Its state: leaving it cancels no other task unless it is a 会签/或签's. */
  stateKey: string;
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

/** One job the plan adds (or adds cancelled), as the row the write statements insert. */
export function jobRecord(job: PlannedChange["jobs"][number], now: Date) {
  return {
    kind: job.kind,
    instance_id: job.instanceId,
    state_key: job.stateKey,
    payload: job.payload,
    due_at: iso(job.dueAt),
    status: job.status,
    finished_at: job.status === "cancelled" ? iso(now) : null,
    calendar_incomplete: job.calendarIncomplete,
    due_rule: job.dueRule,
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
  // A start has no row to find as read: without a transaction it needs the lock.
  if (unit.guard && options.insert) throw new NeedsLock();
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
  const insert = options.insert;
  // A start has no tasks or timers from before to cancel.
  const cancelTasks = !insert && (plan.cancelAll || plan.cancelTasksOf.length > 0);
  const oneTask = plan.tasks.length === 1;
  // The one new task's row, its columns then sent one parameter each.
  const only = oneTask ? taskRecord(row, plan, plan.tasks[0]!, now) : null;
  const values: ChangeValues = {
    id: row.id,
    now: iso(now),
    snapshot: json(next.snapshot),
    vars: json(next.vars),
    activeStates: next.activeStates,
    status: next.status,
    revision: next.revision,
    title: next.title,
    visibleTo: next.visibleTo,
    participants: next.participants,
    endedAt: iso(next.endedAt),
    historyKind: plan.history.kind,
    historyActor: plan.history.actor,
    historyEvent: plan.history.event,
    historyFrom: plan.history.from,
    historyData: json(plan.history.data),
    historyRows:
      plan.automatic.length === 0
        ? null
        : json(
            historyRowsOf(plan).map((h) => ({
              seq: h.seq,
              kind: h.kind,
              actor: h.actor,
              event: h.event,
              from_states: h.from,
              to_states: h.to,
              data: h.data,
            })),
          ),
    completedTaskId: completed?.id ?? null,
    completedBy: completed?.completedBy ?? null,
    outcome: completed?.outcome ?? null,
    completionData: completed ? json(completed.data) : null,
    assignee: completed?.assignee ?? null,
    cancelAll: plan.cancelAll,
    cancelTasksOf: plan.cancelTasksOf,
    cancelTimersOf: plan.cancelTimersOf,
    tasks: oneTask ? null : json(plan.tasks.map((task) => taskRecord(row, plan, task, now))),
    taskId: only?.id ?? null,
    taskStateKey: only?.state_key ?? null,
    taskName: only?.name ?? null,
    taskCandidateGroups: only?.candidate_groups ?? null,
    taskAssignee: only?.assignee ?? null,
    taskStatus: only?.status ?? null,
    taskDueAt: only?.due_at ?? null,
    taskCalendarIncomplete: only?.calendar_incomplete ?? null,
    taskDueRule: only ? json(only.due_rule) : null,
    taskPriority: only?.priority ?? null,
    taskForm: only ? json(only.form) : null,
    taskOutcomes: only ? json(only.outcomes) : null,
    taskEndedAt: only?.ended_at ?? null,
    jobs: json(plan.jobs.map((job) => jobRecord(job, now))),
    notifications: json(plan.notifications.map(({ to, ...rest }) => ({ ...rest, recipients: to }))),
    toChildren: json(plan.toChildren),
    noticeChannels: notices.map((n) => n.channel),
    noticePayloads: notices.map((n) => n.payload),
    processKey: row.processKey,
    version: insert?.version ?? 0,
    businessKey: row.businessKey,
    parentId: row.parentId,
    startedBy: insert?.startedBy ?? null,
    readRevision: row.revision,
    readParticipants: row.participants,
    readTaskStatus: unit.guard?.task?.status ?? null,
    readTaskAssignee: unit.guard?.task?.assignee ?? null,
  };
  const inline = !cancelTasks && events.length <= INLINE_NOTICES;
  const { text, names } = unit.changeTexts.of({
    insert: insert !== undefined,
    automatic: plan.automatic.length > 0,
    completedTask: completed !== undefined,
    cancelTasks,
    cancelTimers: !insert && (plan.cancelAll || plan.cancelTimersOf.length > 0),
    tasks: plan.tasks.length > 0,
    oneTask,
    jobs: plan.jobs.length > 0,
    notifications: plan.notifications.length > 0,
    toChildren: plan.toChildren.length > 0,
    jobsNotice: jobsAdded,
    inlineNotices: inline ? events.length : null,
    guarded: unit.guard !== undefined,
  });
  await unit.statements.write(
    text,
    names.map((name) => values[name]),
  );
  return {
    ...row,
    ...next,
    snapshot: next.snapshot,
    id: row.id as InstanceId,
  };
}
