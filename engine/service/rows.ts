/** Database rows → the records the embedding API returns. */
import type { InstanceId, TaskId } from "../ids.js";
import type { history, instances, tasks } from "../store/schema.js";
import type { HistoryEntry, Incident, Instance, Task } from "../types.js";
import type { Outcome } from "../definition/schema.js";
import { ballotsOf } from "../runtime/cast-vote.js";
import type { PersistedSnapshot } from "../runtime/step.js";

export type InstanceRow = typeof instances.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type HistoryRow = typeof history.$inferSelect;

export function toInstance(row: InstanceRow): Instance {
  return {
    id: row.id as InstanceId,
    processKey: row.processKey,
    version: row.version,
    status: row.status,
    activeStates: row.activeStates,
    vars: row.vars as Record<string, unknown>,
    businessKey: row.businessKey,
    title: row.title,
    parentId: row.parentId as InstanceId | null,
    revision: row.revision,
    visibleTo: row.visibleTo,
    participants: row.participants,
    incident: (row.incident as Incident | null) ?? null,
    ballots: ballotsOf(row.snapshot as PersistedSnapshot | null),
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
    endedAt: row.endedAt,
  };
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id as TaskId,
    instanceId: row.instanceId as InstanceId,
    processKey: row.processKey,
    stateKey: row.stateKey,
    name: row.name,
    candidateGroups: row.candidateGroups,
    assignee: row.assignee,
    status: row.status,
    dueAt: row.dueAt,
    calendarIncomplete: row.calendarIncomplete,
    priority: row.priority,
    form: (row.form as Record<string, unknown> | null) ?? null,
    outcomes: row.outcomes as Outcome[],
    businessKey: row.businessKey,
    title: row.title,
    createdAt: row.createdAt,
    claimedAt: row.claimedAt,
    endedAt: row.endedAt,
    completedBy: row.completedBy,
    outcome: row.outcome,
    data: (row.data as Record<string, unknown> | null) ?? null,
  };
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    seq: row.seq,
    at: row.at,
    kind: row.kind as HistoryEntry["kind"],
    actor: row.actor,
    event: row.event,
    from: row.from,
    to: row.to,
    data: (row.data as Record<string, unknown> | null) ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text can be an instance or task id (anything else is simply not found). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** The rows of `db.execute(sql…)`: an array from postgres.js, `{ rows }` from PGlite. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}
