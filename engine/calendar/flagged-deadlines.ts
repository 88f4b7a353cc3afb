/**
 * Open tasks and pending timers whose working-day due dates were counted into a year
 * whose holidays are not entered (weekends only): what the instance view shows and
 * the metric counts.
 *
 * @example
 * ```ts
 * const { tasks, timers } = await countFlaggedDeadlines(db);
 * const onOne = await flaggedDeadlines(db, { instanceId });
 * ```
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import { jobs, tasks } from "../store/schema.js";

/** A due date counted by weekends alone. */
export interface FlaggedDeadline {
  kind: "task" | "timer";
  /** The task id, or the timer job's id. */
  id: string;
  instanceId: string;
  /** The state the task or timer belongs to. */
  state: string | null;
  name: string | null;
  dueAt: Date;
}

const openTask = and(
  inArray(tasks.status, ["open", "claimed"]),
  eq(tasks.calendarIncomplete, true),
);
const pendingTimer = and(
  eq(jobs.status, "pending"),
  eq(jobs.kind, "timer"),
  eq(jobs.calendarIncomplete, true),
);

export async function countFlaggedDeadlines(db: Db): Promise<{ tasks: number; timers: number }> {
  const [[taskCount], [timerCount]] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(openTask),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(pendingTimer),
  ]);
  return { tasks: Number(taskCount?.n ?? 0), timers: Number(timerCount?.n ?? 0) };
}

export async function flaggedDeadlines(
  db: Db,
  filter: { instanceId: string },
): Promise<FlaggedDeadline[]> {
  const [taskRows, timerRows] = await Promise.all([
    db
      .select({
        id: tasks.id,
        instanceId: tasks.instanceId,
        state: tasks.stateKey,
        name: tasks.name,
        dueAt: tasks.dueAt,
      })
      .from(tasks)
      .where(and(openTask, eq(tasks.instanceId, filter.instanceId))),
    db
      .select({
        id: jobs.id,
        instanceId: jobs.instanceId,
        state: jobs.stateKey,
        dueAt: jobs.dueAt,
      })
      .from(jobs)
      .where(and(pendingTimer, eq(jobs.instanceId, filter.instanceId))),
  ]);
  return [
    ...taskRows.map((t) => ({ ...t, kind: "task" as const, dueAt: t.dueAt ?? new Date(0) })),
    ...timerRows.map((t) => ({
      kind: "timer" as const,
      id: String(t.id),
      instanceId: t.instanceId ?? filter.instanceId,
      state: t.state,
      name: null,
      dueAt: t.dueAt,
    })),
  ].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
