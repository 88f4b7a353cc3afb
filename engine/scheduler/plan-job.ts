/**
 * What a timer or a message does to its instance, decided in memory: the
 * planned change of the step its event takes (runtime/plan-change.ts), or,
 * when the instance has ended or does not accept the event, the change that
 * writes it to the history as ignored. Nothing is written here: a batch of
 * jobs writes all its plans at once (write-batch.ts).
 */
import type { MachineEvent } from "../definition/compile.js";
import { planChange, type PlannedChange } from "../runtime/plan-change.js";
import { tryStep, type PersistedSnapshot } from "../runtime/step.js";
import type { EngineContext } from "../service/context.js";
import { metaFor, refusal } from "../service/instances.js";
import type { InstanceRow } from "../service/rows.js";
import type { Db } from "../store/database.js";
import { SYSTEM_ACTOR } from "../types.js";
import type { InstanceId } from "../ids.js";
import type { JobRow } from "./claim-due-jobs.js";

/** Kinds of job that deliver an event to their instance, and so can be planned. */
export const PLANNED_KINDS = new Set(["timer", "message"]);

export type JobEvent = { type: string; data?: Record<string, unknown> };

/** The event a timer or message job delivers. */
export function jobEvent(job: JobRow): JobEvent {
  if (job.kind === "timer") return { type: (job.payload as { event: string }).event };
  return (job.payload as { event: JobEvent }).event;
}

/** The change that records an event the instance did not take: revision + 1 and an `ignored` history row. */
export function ignoredChange(
  row: InstanceRow,
  event: JobEvent,
  reason: string,
  now: Date,
): PlannedChange {
  const revision = row.revision + 1;
  return {
    instance: {
      snapshot: row.snapshot,
      vars: row.vars as Record<string, unknown>,
      activeStates: row.activeStates,
      status: row.status,
      revision,
      title: row.title,
      visibleTo: row.visibleTo,
      participants: row.participants,
      updatedAt: now,
      endedAt: row.endedAt,
    },
    history: {
      seq: revision,
      kind: "ignored",
      actor: SYSTEM_ACTOR.id,
      event: event.type,
      from: row.activeStates,
      to: row.activeStates,
      data: { ...(event.data ? { event: event.data } : {}), reason },
    },
    automatic: [],
    tasks: [],
    cancelTasksOf: [],
    cancelTimersOf: [],
    cancelAll: false,
    jobs: [],
    notifications: [],
    toChildren: [],
    children: [],
    events: [
      {
        type: "instance.changed",
        instanceId: row.id as InstanceId,
        processKey: row.processKey,
        status: row.status,
      },
    ],
  };
}

/** Plans the job's event on its (locked) instance; throws when the step fails (the job is then retried). */
export async function planJob(
  tx: Db,
  ctx: EngineContext,
  job: JobRow,
  row: InstanceRow,
  now: Date,
): Promise<PlannedChange> {
  const event = jobEvent(job);
  if (row.status !== "running") return ignoredChange(row, event, `instance is ${row.status}`, now);
  const compiled = await ctx.compiled(row.processKey, row.version, tx);
  const meta = metaFor(ctx, SYSTEM_ACTOR, row, compiled);
  const machineEvent: MachineEvent = { type: event.type, data: event.data, $internal: true };
  const result = tryStep(compiled, row.snapshot as PersistedSnapshot, machineEvent, meta);
  if ("rejection" in result)
    return ignoredChange(row, event, refusal(result, event.type, row).message, now);
  return planChange({
    compiled,
    instance: row,
    result,
    meta,
    actor: SYSTEM_ACTOR,
    kind: "event",
    event,
    from: row.activeStates,
    now,
  });
}
