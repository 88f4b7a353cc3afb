/**
 * Publishing a version hands its schedules to the workers, in the publishing
 * transaction: a schedule it declares unchanged keeps its place (slots missed so
 * far are still caught up); a new or changed one starts with the first slot after
 * now; one the version no longer declares stops. Paused stays paused.
 *
 * @example
 * ```ts
 * await syncSchedules(tx, ctx, { key, version, schedules: definition.schedules, previous });
 * ```
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Schedule } from "../definition/schedule-schema.js";
import { nextWakeAt } from "../schedules/slots-to-fire.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { schedules } from "../store/schema.js";

export interface ScheduleSync {
  key: string;
  version: number;
  schedules: readonly Schedule[];
  /** The schedules of the version published before, if any. */
  previous: readonly Schedule[];
}

export async function syncSchedules(tx: Db, ctx: EngineContext, sync: ScheduleSync): Promise<void> {
  const now = ctx.clock.now();
  const calendar = ctx.calendar.current();
  const before = new Map(sync.previous.map((s) => [s.key, JSON.stringify(s)]));
  for (const schedule of sync.schedules) {
    const unchanged = before.get(schedule.key) === JSON.stringify(schedule);
    const fresh = {
      version: sync.version,
      active: true,
      firedThrough: now,
      nextAt: nextWakeAt(schedule.every, now, calendar),
      updatedAt: now,
    };
    await tx
      .insert(schedules)
      .values({ processKey: sync.key, scheduleKey: schedule.key, ...fresh })
      .onConflictDoUpdate({
        target: [schedules.processKey, schedules.scheduleKey],
        // Unchanged and still active: only the version moves on.
        set: unchanged
          ? {
              version: sync.version,
              updatedAt: now,
              active: true,
              firedThrough: sql`case when ${schedules.active} then ${schedules.firedThrough} else ${now.toISOString()}::timestamptz end`,
              nextAt: sql`case when ${schedules.active} then ${schedules.nextAt} else ${fresh.nextAt?.toISOString() ?? null}::timestamptz end`,
            }
          : fresh,
      });
  }
  const kept = sync.schedules.map((s) => s.key);
  await tx
    .update(schedules)
    .set({ active: false, nextAt: null, updatedAt: now })
    .where(
      and(
        eq(schedules.processKey, sync.key),
        kept.length > 0 ? notInArray(schedules.scheduleKey, kept) : undefined,
      ),
    );
}
