/**
 * The I/O half of a change: the pure step's result is planned in memory
 * (runtime/plan-change.ts) and written in one statement (write-change.ts),
 * inside the caller's transaction. Children a step starts are created first,
 * in the same transaction. Changes that move no state (an ignored event, a
 * retry, an incident, a termination) are written by `recordChange`.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { CompiledDefinition } from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import type { InstanceId, TaskId } from "../ids.js";
import { planChange } from "../runtime/plan-change.js";
import type { StepResult } from "../runtime/step.js";
import { history, instances, jobs, tasks } from "../store/schema.js";
import type { Actor, HistoryKind } from "../types.js";
import { ChangeLog } from "./change-log.js";
import type { UnitOfWork } from "./context.js";
import type { InstanceRow } from "./rows.js";
import { writeChange, type CompletedTask } from "./write-change.js";

export { ChangeLog };
export { instanceTitle } from "../runtime/plan-change.js";

/** Starts a child process inside the parent's transaction (wired in by the instances service). */
export type StartChild = (
  unit: UnitOfWork,
  request: {
    key: string;
    vars: Record<string, unknown>;
    businessKey: string | null;
    parentId: InstanceId;
    actor: Actor;
  },
) => Promise<InstanceRow>;

export interface StepWrite {
  compiled: CompiledDefinition;
  /** The instance row as it was (for a start: the row being created, not yet written). */
  row: InstanceRow;
  result: StepResult;
  meta: EventMeta;
  actor: Actor;
  kind: HistoryKind;
  event: { type: string; data?: Record<string, unknown> } | null;
  /** Previous active states (empty for a start). */
  from: string[];
  startChild: StartChild;
  /** A start: the row is inserted. */
  insert?: { version: number; startedBy: string | null };
  /** The task whose completion sent the event. */
  completedTask?: CompletedTask;
}

/** Writes the step: children first, then the instance row (revision + 1, or 0 for a start) and everything else in one statement. */
export async function writeStep(unit: UnitOfWork, write: StepWrite): Promise<InstanceRow> {
  const { row } = write;
  const plan = planChange({
    compiled: write.compiled,
    instance: row,
    result: write.result,
    meta: write.meta,
    actor: write.actor,
    kind: write.kind,
    event: write.event,
    from: write.from,
    now: unit.clock.now(),
    participants: write.completedTask ? [write.completedTask.completedBy] : [],
    completing: write.completedTask?.stateKey,
  });
  for (const child of plan.children)
    await write.startChild(unit, { ...child, parentId: row.id as InstanceId, actor: write.actor });
  return writeChange(unit, row, plan, {
    insert: write.insert,
    completedTask: write.completedTask,
  });
}

/** Cancels the instance's open tasks (of one state, or all). */
export async function cancelTasks(
  unit: UnitOfWork,
  row: InstanceRow,
  stateKey: string | null,
  now: Date,
) {
  const openTask = and(
    eq(tasks.instanceId, row.id),
    inArray(tasks.status, ["open", "claimed"]),
    stateKey === null ? undefined : eq(tasks.stateKey, stateKey),
  );
  const cancelled = await unit.tx
    .update(tasks)
    .set({ status: "cancelled", endedAt: now })
    .where(openTask)
    .returning({ id: tasks.id });
  for (const task of cancelled)
    unit.log.events.push({
      type: "task.cancelled",
      taskId: task.id as TaskId,
      instanceId: row.id as InstanceId,
    });
}

/**
 * A change that moves no state (an ignored event, a retry, an incident, a
 * termination): the instance row's revision goes up by one, with one history row.
 */
export async function recordChange(
  unit: UnitOfWork,
  row: InstanceRow,
  change: {
    kind: HistoryKind;
    actor: string;
    event?: string | null;
    data: Record<string, unknown> | null;
    set?: Partial<typeof instances.$inferInsert>;
  },
): Promise<InstanceRow> {
  const now = unit.clock.now();
  const revision = row.revision + 1;
  const changes = { ...change.set, revision, updatedAt: now };
  // Two tables, no order between them: sent together (postgres.js pipelines them).
  await Promise.all([
    unit.tx.update(instances).set(changes).where(eq(instances.id, row.id)),
    unit.tx.insert(history).values({
      kind: change.kind,
      actor: change.actor,
      event: change.event ?? null,
      from: row.activeStates,
      to: row.activeStates,
      data: change.data,
      instanceId: row.id,
      seq: revision,
      at: now,
    }),
  ]);
  const updated: InstanceRow = { ...row, ...changes };
  unit.log.events.push({
    type: "instance.changed",
    instanceId: row.id as InstanceId,
    processKey: row.processKey,
    status: updated.status,
  });
  return updated;
}

/** Records an event that an instance received from a timer or another instance and did not accept. */
export function writeIgnored(
  unit: UnitOfWork,
  row: InstanceRow,
  event: { type: string; data?: Record<string, unknown> },
  reason: string,
): Promise<InstanceRow> {
  const data = { ...(event.data ? { event: event.data } : {}), reason };
  return recordChange(unit, row, { kind: "ignored", actor: "system", event: event.type, data });
}

/** Cancels the instance's pending and failed jobs (a termination). */
export async function cancelJobs(unit: UnitOfWork, row: InstanceRow, now: Date): Promise<void> {
  await unit.tx
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(jobs.instanceId, row.id), inArray(jobs.status, ["pending", "failed"])));
}
