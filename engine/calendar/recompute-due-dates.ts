/**
 * Once a year is entered, the open tasks and pending timers whose working-day due
 * dates were counted by weekends alone are counted again, by the same rule from the
 * same start, inside the administrator's transaction: each instance that changes
 * gets one history row saying why.
 *
 * @example
 * ```ts
 * const recomputed = await recomputeDueDates(tx, ctx, calendar, { year: 2027, actor }, log);
 * ```
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DueRule } from "../definition/compile.js";
import { dueAfter } from "../definition/duration.js";
import type { Db } from "../store/database.js";
import { jobs, tasks } from "../store/schema.js";
import type { InstanceId, TaskId } from "../ids.js";
import type { Actor } from "../types.js";
import { recordChange, type ChangeLog } from "../service/apply-step.js";
import { unitOfWork, type EngineContext } from "../service/context.js";
import { lockInstance } from "../service/instances.js";
import { rowsOf } from "../service/rows.js";
import type { WorkingCalendar } from "./working-calendar.js";

/** How many due dates moved or lost their flag, and on how many instances. */
export interface RecomputedDueDates {
  tasks: number;
  timers: number;
  instances: number;
}

interface Flagged {
  id: string | number;
  instanceId: string | null;
  dueAt: Date | null;
  dueRule: unknown;
}

interface Moved {
  from: string | null;
  to: string;
  calendarIncomplete: boolean;
}

function recount(row: Flagged, calendar: WorkingCalendar): Moved | null {
  const rule = row.dueRule as DueRule | null;
  if (!rule) return null;
  const due = dueAfter(new Date(rule.from), rule.duration, "workdays", calendar);
  return {
    from: row.dueAt?.toISOString() ?? null,
    to: due.at.toISOString(),
    calendarIncomplete: due.calendarIncomplete,
  };
}

const openTask = inArray(tasks.status, ["open", "claimed"]);
const pendingTimer = and(eq(jobs.status, "pending"), eq(jobs.kind, "timer"));

export async function recomputeDueDates(
  tx: Db,
  ctx: EngineContext,
  calendar: WorkingCalendar,
  change: { year: number; actor: Actor },
  log: ChangeLog,
): Promise<RecomputedDueDates> {
  const counted: RecomputedDueDates = { tasks: 0, timers: 0, instances: 0 };
  const unit = unitOfWork(ctx, tx, log);
  const instanceIds = await tx.execute(sql`
    select instance_id as id from ${tasks} where ${openTask} and ${tasks.calendarIncomplete}
    union
    select instance_id as id from ${jobs} where ${pendingTimer} and ${jobs.calendarIncomplete}
    order by id`);
  for (const { id } of rowsOf<{ id: string | null }>(instanceIds)) {
    if (id === null) continue;
    // The instance's lock first, as every change does: no step writes its tasks meanwhile.
    const row = await lockInstance(unit, id);
    const [flaggedTasks, flaggedTimers] = await Promise.all([
      tx
        .select({
          id: tasks.id,
          instanceId: tasks.instanceId,
          name: tasks.name,
          dueAt: tasks.dueAt,
          dueRule: tasks.dueRule,
        })
        .from(tasks)
        .where(and(eq(tasks.instanceId, id), openTask, eq(tasks.calendarIncomplete, true))),
      tx
        .select({
          id: jobs.id,
          instanceId: jobs.instanceId,
          stateKey: jobs.stateKey,
          dueAt: jobs.dueAt,
          dueRule: jobs.dueRule,
        })
        .from(jobs)
        .where(and(eq(jobs.instanceId, id), pendingTimer, eq(jobs.calendarIncomplete, true))),
    ]);
    const taskChanges = [];
    for (const task of flaggedTasks) {
      const moved = recount(task, calendar);
      if (!moved) continue;
      await tx
        .update(tasks)
        .set({ dueAt: new Date(moved.to), calendarIncomplete: moved.calendarIncomplete })
        .where(eq(tasks.id, task.id));
      taskChanges.push({ id: task.id, name: task.name, ...moved });
      log.events.push({
        type: "task.updated",
        taskId: task.id as TaskId,
        instanceId: id as InstanceId,
      });
    }
    const timerChanges = [];
    for (const timer of flaggedTimers) {
      const moved = recount(timer, calendar);
      if (!moved) continue;
      await tx
        .update(jobs)
        .set({ dueAt: new Date(moved.to), calendarIncomplete: moved.calendarIncomplete })
        .where(eq(jobs.id, timer.id));
      timerChanges.push({ id: timer.id, state: timer.stateKey, ...moved });
      log.jobsAdded = true;
    }
    if (taskChanges.length === 0 && timerChanges.length === 0) continue;
    await recordChange(unit, row, {
      kind: "calendar",
      actor: change.actor.id,
      data: {
        reason: `${change.year} 年节假日安排已录入，按工作日重新计算期限`,
        year: change.year,
        tasks: taskChanges,
        timers: timerChanges,
      },
    });
    counted.tasks += taskChanges.length;
    counted.timers += timerChanges.length;
    counted.instances += 1;
  }
  return counted;
}
