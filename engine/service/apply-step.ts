/**
 * The I/O half of a change: turns one pure step (next snapshot + ordered
 * actions) into rows, inside the caller's transaction. Tasks and timers are
 * opened and cancelled in the order XState entered and left states, so a
 * re-entered state gets a fresh task and fresh timers.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  resolveVisibility,
  type CompiledDefinition,
  type RuntimeAction,
} from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import { newId, type InstanceId, type TaskId } from "../ids.js";
import type { StepResult } from "../runtime/step.js";
import type { Db } from "../store/database.js";
import { history, instances, jobs, outbox, tasks } from "../store/schema.js";
import type { Actor, EngineEvent, HistoryKind } from "../types.js";
import { CHANNEL_EVENTS, CHANNEL_JOBS, type EngineContext } from "./context.js";
import type { InstanceRow } from "./rows.js";

/** Bounds the parameters of one NOTIFY statement (a batch of jobs can announce hundreds of events). */
const NOTICES_PER_STATEMENT = 200;

/** Collects what to announce once the transaction commits (NOTIFY is delivered on commit). */
export class ChangeLog {
  readonly events: EngineEvent[] = [];
  jobsAdded = false;

  /** One statement for all (each event still its own NOTIFY, so listeners see the same payloads). */
  async flush(tx: Db): Promise<void> {
    const notices = this.events.map(
      (event) => sql`pg_notify(${CHANNEL_EVENTS}, ${JSON.stringify(event)})`,
    );
    if (this.jobsAdded) notices.push(sql`pg_notify(${CHANNEL_JOBS}, '')`);
    for (let i = 0; i < notices.length; i += NOTICES_PER_STATEMENT) {
      const chunk = notices.slice(i, i + NOTICES_PER_STATEMENT);
      await tx.execute(sql`select ${sql.join(chunk, sql`, `)}`);
    }
  }
}

/** Starts a child process inside the parent's transaction (wired in by the instances service). */
export type StartChild = (
  tx: Db,
  request: {
    key: string;
    vars: Record<string, unknown>;
    businessKey: string | null;
    parentId: InstanceId;
    actor: Actor;
  },
  log: ChangeLog,
) => Promise<InstanceRow>;

export interface StepWrite {
  compiled: CompiledDefinition;
  /** The instance row as it was (for a start: the row just inserted). */
  row: InstanceRow;
  result: StepResult;
  meta: EventMeta;
  actor: Actor;
  kind: HistoryKind;
  event: { type: string; data?: Record<string, unknown> } | null;
  /** Previous active states (empty for a start). */
  from: string[];
  startChild: StartChild;
}

export function instanceTitle(
  compiled: CompiledDefinition,
  vars: Record<string, unknown>,
  businessKey: string | null,
): string | null {
  const value = vars[compiled.definition.titleVar ?? "title"];
  if (typeof value === "string" && value.length > 0) return value;
  return businessKey;
}

async function enqueueJob(
  tx: Db,
  ctx: EngineContext,
  log: ChangeLog,
  job: {
    kind: string;
    instanceId: string;
    stateKey?: string | null;
    payload: unknown;
    dueAt?: Date;
    calendarIncomplete?: boolean;
    dueRule?: unknown;
  },
): Promise<void> {
  const now = ctx.clock.now();
  await tx.insert(jobs).values({
    kind: job.kind,
    instanceId: job.instanceId,
    stateKey: job.stateKey ?? null,
    payload: job.payload,
    dueAt: job.dueAt ?? now,
    status: "pending",
    createdAt: now,
    calendarIncomplete: job.calendarIncomplete ?? false,
    dueRule: job.dueRule ?? null,
  });
  log.jobsAdded = true;
}

/** Sends an event to another instance through a job, so no transaction ever waits for a second instance's lock. */
export async function enqueueMessage(
  tx: Db,
  ctx: EngineContext,
  log: ChangeLog,
  to: string,
  event: { type: string; data: Record<string, unknown> },
  from: string,
): Promise<void> {
  await enqueueJob(tx, ctx, log, { kind: "message", instanceId: to, payload: { event, from } });
}

async function cancelStateWork(
  tx: Db,
  ctx: EngineContext,
  log: ChangeLog,
  row: InstanceRow,
  stateKey: string | null,
  what: { tasks: boolean; timers: boolean },
) {
  const now = ctx.clock.now();
  // Two tables, no order between them: sent together.
  await Promise.all([
    what.tasks ? cancelTasks(tx, log, row, stateKey, now) : undefined,
    what.timers
      ? tx
          .update(jobs)
          .set({ status: "cancelled", finishedAt: now })
          .where(
            and(
              eq(jobs.instanceId, row.id),
              eq(jobs.kind, "timer"),
              eq(jobs.status, "pending"),
              stateKey === null ? undefined : eq(jobs.stateKey, stateKey),
            ),
          )
      : undefined,
  ]);
}

/** Cancels the instance's open tasks (of one state, or all). */
export async function cancelTasks(
  tx: Db,
  log: ChangeLog,
  row: InstanceRow,
  stateKey: string | null,
  now: Date,
) {
  const openTask = and(
    eq(tasks.instanceId, row.id),
    inArray(tasks.status, ["open", "claimed"]),
    stateKey === null ? undefined : eq(tasks.stateKey, stateKey),
  );
  const cancelled = await tx
    .update(tasks)
    .set({ status: "cancelled", endedAt: now })
    .where(openTask)
    .returning({ id: tasks.id });
  for (const task of cancelled)
    log.events.push({
      type: "task.cancelled",
      taskId: task.id as TaskId,
      instanceId: row.id as InstanceId,
    });
}

async function applyAction(
  tx: Db,
  ctx: EngineContext,
  log: ChangeLog,
  write: StepWrite,
  action: RuntimeAction,
  current: { title: string | null; participants: Set<string>; visibleTo: Set<string> },
): Promise<void> {
  const { row, compiled } = write;
  const now = ctx.clock.now();
  switch (action.type) {
    case "enter": {
      if (action.task) {
        const id = newId<TaskId>();
        const task = action.task;
        await tx.insert(tasks).values({
          id,
          instanceId: row.id,
          processKey: row.processKey,
          stateKey: action.state,
          name: task.name,
          candidateGroups: task.candidateGroups,
          assignee: task.assignee,
          status: "open",
          dueAt: task.dueAt === null ? null : new Date(task.dueAt),
          calendarIncomplete: task.calendarIncomplete,
          dueRule: task.dueRule,
          priority: task.priority,
          form: task.form,
          outcomes: task.outcomes,
          businessKey: row.businessKey,
          title: current.title,
          createdAt: now,
        });
        if (task.assignee) current.participants.add(task.assignee);
        // Whoever has a task on the instance may see it.
        for (const group of task.candidateGroups) current.visibleTo.add(group);
        log.events.push({ type: "task.created", taskId: id, instanceId: row.id as InstanceId });
      }
      for (const timer of action.timers) {
        await enqueueJob(tx, ctx, log, {
          kind: "timer",
          instanceId: row.id,
          stateKey: action.state,
          payload: { event: timer.event, state: action.state },
          dueAt: new Date(timer.dueAt),
          calendarIncomplete: timer.calendarIncomplete,
          dueRule: timer.dueRule,
        });
      }
      return;
    }
    case "exit": {
      // An ending step cancels all the instance's work once, in writeStep.
      if (write.result.done) return;
      const state = compiled.states.get(action.state)?.node;
      if (state?.task || state?.after?.length)
        await cancelStateWork(tx, ctx, log, row, action.state, {
          tasks: Boolean(state.task),
          timers: Boolean(state.after?.length),
        });
      return;
    }
    case "notify": {
      const [message] = await tx
        .insert(outbox)
        .values({
          instanceId: row.id,
          channel: action.channel,
          recipients: action.to,
          title: action.title,
          message: action.message,
          status: "pending",
          createdAt: now,
        })
        .returning({ id: outbox.id });
      await enqueueJob(tx, ctx, log, {
        kind: "deliver",
        instanceId: row.id,
        payload: { outboxId: message?.id },
      });
      return;
    }
    case "startProcess": {
      await write.startChild(
        tx,
        {
          key: action.key,
          vars: action.variables,
          businessKey: action.businessKey,
          parentId: row.id as InstanceId,
          actor: write.actor,
        },
        log,
      );
      return;
    }
    case "sendToParent": {
      if (row.parentId)
        await enqueueMessage(
          tx,
          ctx,
          log,
          row.parentId,
          { type: action.event, data: action.data },
          row.id,
        );
      return;
    }
    case "sendToChildren": {
      const children = await tx
        .select({ id: instances.id })
        .from(instances)
        .where(
          and(
            eq(instances.parentId, row.id),
            eq(instances.status, "running"),
            action.key === null ? undefined : eq(instances.processKey, action.key),
          ),
        );
      for (const child of children) {
        await enqueueMessage(
          tx,
          ctx,
          log,
          child.id,
          { type: action.event, data: action.data },
          row.id,
        );
      }
      return;
    }
  }
}

/** Writes the step: effects, the instance row (revision + 1, or 0 for a start) and one history row. */
export async function writeStep(
  tx: Db,
  ctx: EngineContext,
  write: StepWrite,
  log: ChangeLog,
): Promise<InstanceRow> {
  const { row, result, compiled } = write;
  const now = ctx.clock.now();
  const current = {
    title: instanceTitle(compiled, result.vars, row.businessKey),
    participants: new Set(row.participants),
    visibleTo: new Set([
      ...row.visibleTo,
      ...resolveVisibility(compiled.definition, result.vars, write.meta),
    ]),
  };
  for (const action of result.actions) await applyAction(tx, ctx, log, write, action, current);

  const isStart = write.kind === "start";
  const revision = isStart ? 0 : row.revision + 1;
  const changes = {
    snapshot: result.snapshot,
    vars: result.vars,
    activeStates: result.activeStates,
    status: result.done ? ("completed" as const) : ("running" as const),
    revision,
    title: current.title,
    visibleTo: [...current.visibleTo],
    participants: [...current.participants],
    updatedAt: now,
    endedAt: result.done ? now : null,
  };
  const ending = result.done
    ? [
        // Whatever is still open when the process ends (exits left it to this one sweep).
        cancelStateWork(tx, ctx, log, row, null, compiled.uses),
        row.parentId
          ? enqueueMessage(
              tx,
              ctx,
              log,
              row.parentId,
              {
                type: "CHILD_DONE",
                data: {
                  instanceId: row.id,
                  key: row.processKey,
                  state: result.activeStates[0] ?? null,
                  vars: result.vars,
                },
              },
              row.id,
            )
          : undefined,
      ]
    : [];
  return writeRevision(
    tx,
    row,
    changes,
    {
      kind: write.kind,
      actor: write.actor.id,
      event: write.event?.type ?? null,
      from: write.from,
      to: result.activeStates,
      data: write.event?.data ?? null,
    },
    log,
    ending,
  );
}

/**
 * The instance row's new revision and its history row, with `alongside` (independent
 * statements of the same change): sent together, postgres.js pipelines them in one
 * write, PGlite runs them in turn. The row under lock is known, so the new one is too:
 * no `returning` of the whole snapshot.
 */
async function writeRevision(
  tx: Db,
  row: InstanceRow,
  changes: Partial<InstanceRow> & { revision: number; updatedAt: Date },
  entry: Omit<typeof history.$inferInsert, "instanceId" | "seq" | "at">,
  log: ChangeLog,
  alongside: (Promise<unknown> | undefined)[] = [],
): Promise<InstanceRow> {
  await Promise.all([
    ...alongside,
    tx.update(instances).set(changes).where(eq(instances.id, row.id)),
    tx.insert(history).values({
      ...entry,
      instanceId: row.id,
      seq: changes.revision,
      at: changes.updatedAt,
    }),
  ]);
  const updated: InstanceRow = { ...row, ...changes };
  log.events.push({
    type: "instance.changed",
    instanceId: row.id as InstanceId,
    processKey: row.processKey,
    status: updated.status,
  });
  return updated;
}

/**
 * A change that moves no state (an ignored event, a retry, an incident, a
 * termination): the instance row's revision goes up by one, with one history row.
 */
export async function recordChange(
  tx: Db,
  ctx: EngineContext,
  row: InstanceRow,
  change: {
    kind: HistoryKind;
    actor: string;
    event?: string | null;
    data: Record<string, unknown> | null;
    set?: Partial<typeof instances.$inferInsert>;
  },
  log: ChangeLog,
): Promise<InstanceRow> {
  const now = ctx.clock.now();
  const revision = row.revision + 1;
  const changes = { ...change.set, revision, updatedAt: now };
  return writeRevision(
    tx,
    row,
    changes,
    {
      kind: change.kind,
      actor: change.actor,
      event: change.event ?? null,
      from: row.activeStates,
      to: row.activeStates,
      data: change.data,
    },
    log,
  );
}

/** Records an event that an instance received from a timer or another instance and did not accept. */
export function writeIgnored(
  tx: Db,
  ctx: EngineContext,
  row: InstanceRow,
  event: { type: string; data?: Record<string, unknown> },
  reason: string,
  log: ChangeLog,
): Promise<InstanceRow> {
  const data = { ...(event.data ? { event: event.data } : {}), reason };
  return recordChange(
    tx,
    ctx,
    row,
    { kind: "ignored", actor: "system", event: event.type, data },
    log,
  );
}
