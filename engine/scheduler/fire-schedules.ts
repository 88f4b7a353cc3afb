/**
 * Fires due schedules (issue 15), from the worker and from `runDueJobs`. Each
 * schedule is taken under its row lock (`FOR UPDATE SKIP LOCKED`, so two
 * workers never fire the same schedule at once) in a transaction of its own:
 * the slots due since it last fired are computed with the pure functions the
 * designer uses, kept or skipped by the schedule's `catchUp`, and for each slot
 * and item (of its `forEach` source, passing its `filter`) one instance is
 * planned in memory. One multi-row insert writes the slot rows, whose unique key
 * (schedule, slot, item) lets only new ones through, and one statement writes
 * the instances of those (engine/scheduler/write-batch.ts with `insert`).
 *
 * A source that fails leaves the slots due: the schedule is looked at again a
 * minute later. An item whose variables are refused gets a slot row with the
 * error and no instance, so it is neither retried for ever nor silently lost.
 *
 * @example
 * ```ts
 * const started = await runDueSchedules(ctx);
 * ```
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { CompiledDefinition } from "../definition/compile.js";
import { feelScope, evaluateFeel } from "../definition/feel.js";
import type { Schedule } from "../definition/schedule-schema.js";
import { formatBusinessKey } from "../definition/business-key-pattern.js";
import { beijingDate } from "../definition/duration.js";
import { fileFieldValues } from "../files/file-fields.js";
import { newId, type InstanceId } from "../ids.js";
import { planChange } from "../runtime/plan-change.js";
import { initialStep } from "../runtime/step.js";
import { slotsBetween } from "../schedules/schedule-slots.js";
import { nextWakeAt, slotsToFire } from "../schedules/slots-to-fire.js";
import { checkedData } from "../service/checked-data.js";
import { unitOfWork, type EngineContext, type UnitOfWork } from "../service/context.js";
import { metaFor, startInstanceIn } from "../service/instances.js";
import type { InstanceRow } from "../service/rows.js";
import { writeChange } from "../service/write-change.js";
import type { Db } from "../store/database.js";
import { safeErrorMessage } from "../store/driver-error.js";
import { isConnectionLoss } from "../store/drivers/retry-lost-connections.js";
import { schedules } from "../store/schema.js";
import { SYSTEM_ACTOR } from "../types.js";
import type { ScheduleItem } from "./schedule-source.js";
import { writeBatch, type BatchChange } from "./write-batch.js";

type ScheduleRow = typeof schedules.$inferSelect;

/** A schedule whose source failed is looked at again after this long. */
const RETRY_MS = 60_000;

const isDue = (now: Date) =>
  and(eq(schedules.active, true), eq(schedules.paused, false), lte(schedules.nextAt, now));

/** Fires every schedule due at the clock's now; returns how many instances it started. */
export async function runDueSchedules(ctx: EngineContext): Promise<number> {
  const now = ctx.clock.now();
  // One statement when nothing is due (the common case, every time a worker looks).
  const [any] = await ctx.db
    .select({ key: schedules.processKey })
    .from(schedules)
    .where(isDue(now))
    .limit(1);
  if (!any) return 0;
  let started = 0;
  // A bound, so that a schedule that keeps failing cannot hold the caller.
  for (let round = 0; round < 1000; round++) {
    const fired = await ctx.db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const [row] = await tx
        .select()
        .from(schedules)
        .where(isDue(now))
        .orderBy(asc(schedules.nextAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return null;
      const unit = unitOfWork(ctx, tx);
      try {
        const count = await tx.transaction((savepoint) =>
          fireSchedule({ ...unit, tx: savepoint as unknown as Db }, ctx, row, now),
        );
        await unit.log.flush(tx);
        return count;
      } catch (error) {
        if (isConnectionLoss(error)) throw error;
        ctx.logger.error(
          { processKey: row.processKey, schedule: row.scheduleKey, err: safeErrorMessage(error) },
          "schedule failed; trying again in a minute",
        );
        await tx
          .update(schedules)
          .set({ nextAt: new Date(now.getTime() + RETRY_MS), updatedAt: now })
          .where(keyOf(row));
        return 0;
      }
    });
    if (fired === null) break;
    started += fired;
  }
  return started;
}

const keyOf = (row: ScheduleRow) =>
  and(eq(schedules.processKey, row.processKey), eq(schedules.scheduleKey, row.scheduleKey));

async function fireSchedule(
  unit: UnitOfWork,
  ctx: EngineContext,
  row: ScheduleRow,
  now: Date,
): Promise<number> {
  const compiled = await ctx.compiled(row.processKey, row.version, unit.tx);
  const spec = compiled.definition.schedules?.find((s) => s.key === row.scheduleKey);
  if (!spec) {
    await unit.tx
      .update(schedules)
      .set({ active: false, nextAt: null, updatedAt: now })
      .where(keyOf(row));
    return 0;
  }
  const calendar = ctx.calendar.current();
  const due = slotsBetween(spec.every, row.firedThrough, now, calendar);
  const { fire, skipped } = slotsToFire(due, now, spec.catchUp);
  if (skipped.length > 0)
    ctx.logger.info(
      {
        processKey: row.processKey,
        schedule: spec.key,
        skipped: skipped.length,
        from: skipped[0]!.toISOString(),
        to: skipped[skipped.length - 1]!.toISOString(),
      },
      "schedule slots missed and skipped by its catchUp policy",
    );
  const started = fire.length > 0 ? await startSlots(unit, ctx, compiled, spec, row, fire) : 0;
  await unit.tx
    .update(schedules)
    .set({ firedThrough: now, nextAt: nextWakeAt(spec.every, now, calendar), updatedAt: now })
    .where(keyOf(row));
  return started;
}

/** The slot as FEEL and the variables see it: Beijing time with its offset. */
export function slotText(slot: Date): string {
  return `${new Date(slot.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

interface SlotRow {
  slot_at: string;
  item_id: string;
  instance_id: string | null;
  error: string | null;
}

async function startSlots(
  unit: UnitOfWork,
  ctx: EngineContext,
  compiled: CompiledDefinition,
  spec: Schedule,
  row: ScheduleRow,
  fire: Date[],
): Promise<number> {
  const items: (ScheduleItem | null)[] = spec.forEach
    ? await listItems(unit.tx, ctx, spec.forEach, row, fire)
    : [null];
  const slotRows: SlotRow[] = [];
  const planned = new Map<string, BatchChange>();
  for (const slot of fire) {
    for (const item of items) {
      const itemId = item === null ? "" : String(item.id);
      try {
        const change = await planStart(unit, ctx, compiled, spec, row, slot, item);
        if (change === null) continue;
        planned.set(change.row.id, change);
        slotRows.push({
          slot_at: slot.toISOString(),
          item_id: itemId,
          instance_id: change.row.id,
          error: null,
        });
      } catch (error) {
        if (isConnectionLoss(error)) throw error;
        const message = safeErrorMessage(error);
        ctx.logger.warn(
          {
            processKey: row.processKey,
            schedule: spec.key,
            slot: slotText(slot),
            itemId,
            err: message,
          },
          "scheduled start refused",
        );
        slotRows.push({
          slot_at: slot.toISOString(),
          item_id: itemId,
          instance_id: null,
          error: message,
        });
      }
    }
  }
  if (slotRows.length === 0) return 0;
  // Only slots no one has fired yet come back: the unique key decides, whatever the workers.
  const inserted = await unit.statements.run<{ instance_id: string | null }>(INSERT_SLOTS, [
    row.processKey,
    spec.key,
    row.version,
    unit.clock.now().toISOString(),
    JSON.stringify(slotRows),
  ]);
  const changes = inserted.flatMap(({ instance_id }) => {
    const change = instance_id === null ? undefined : planned.get(instance_id);
    return change ? [change] : [];
  });
  await numberStarts(unit, compiled, row.processKey, changes);
  const batch = changes.filter(({ plan }) => plan.children.length === 0);
  if (batch.length > 0) await writeBatch(unit, batch, [], { insert: true });
  // A start that starts children at once: children first, then the instance, as a start does.
  const startChild = startInstanceIn(ctx);
  for (const { row: instance, plan } of changes.filter(({ plan }) => plan.children.length > 0)) {
    for (const child of plan.children)
      await startChild(unit, {
        ...child,
        parentId: instance.id as InstanceId,
        actor: SYSTEM_ACTOR,
      });
    await writeChange(unit, instance, plan, {
      insert: { version: instance.version, startedBy: instance.startedBy },
    });
  }
  return changes.length;
}

/** One statement takes as many numbers as there are starts (the row stays locked until commit). */
const RAISE_COUNTER = `insert into business_key_counters (process_key, year, seq)
  values ($1::text, $2::int, $3::int)
  on conflict (process_key, year) do update set seq = business_key_counters.seq + $3::int
  returning seq`;

/**
 * A definition with a `businessKey` pattern numbers its scheduled starts too, in the order
 * planned, from one counter raise. (The initial step's FEEL saw no `instance.businessKey`:
 * numbers are taken only for the slots that turned out new.)
 */
async function numberStarts(
  unit: UnitOfWork,
  compiled: CompiledDefinition,
  processKey: string,
  changes: BatchChange[],
): Promise<void> {
  const pattern = compiled.definition.businessKey;
  if (!pattern || changes.length === 0) return;
  const year = Number(beijingDate(unit.clock.now()).slice(0, 4));
  const [counter] = await unit.statements.run<{ seq: number }>(RAISE_COUNTER, [
    processKey,
    year,
    changes.length,
  ]);
  const first = Number(counter!.seq) - changes.length + 1;
  changes.forEach((change, i) => {
    change.row = { ...change.row, businessKey: formatBusinessKey(pattern, year, first + i) };
  });
}

const INSERT_SLOTS = `insert into schedule_slots (process_key, schedule_key, slot_at, item_id,
    version, instance_id, error, created_at)
  select $1::text, $2::text, s.slot_at, s.item_id, $3::int, s.instance_id, s.error, $4::timestamptz
    from json_to_recordset($5::text::json) as s(slot_at timestamptz, item_id text,
      instance_id uuid, error text)
  on conflict (process_key, schedule_key, slot_at, item_id) do nothing
  returning instance_id::text`;

async function listItems(
  tx: Db,
  ctx: EngineContext,
  name: string,
  row: ScheduleRow,
  slots: Date[],
): Promise<ScheduleItem[]> {
  const source = ctx.sources.get(name);
  if (!source) throw new Error(`no schedule source named ${name}`);
  const items = await source.list({
    db: tx,
    processKey: row.processKey,
    scheduleKey: row.scheduleKey,
    slots,
  });
  return items.filter((item) => {
    const ok = typeof item?.id === "string" || typeof item?.id === "number";
    if (!ok) ctx.logger.warn({ source: name }, "schedule source item without an id; left out");
    return ok;
  });
}

/** One instance planned in memory, or null when the item does not pass the filter. */
async function planStart(
  unit: UnitOfWork,
  ctx: EngineContext,
  compiled: CompiledDefinition,
  spec: Schedule,
  schedule: ScheduleRow,
  slot: Date,
  item: ScheduleItem | null,
): Promise<BatchChange | null> {
  const id = newId<InstanceId>();
  const meta = metaFor(ctx, SYSTEM_ACTOR, { id, businessKey: null }, compiled);
  const scope = Object.assign(feelScope({ vars: {}, event: { type: "" }, meta }), {
    slot: slotText(slot),
    ...(item === null ? {} : { item }),
  });
  if (item !== null && spec.filter && evaluateFeel(spec.filter, scope) !== true) return null;
  const given: Record<string, unknown> = {};
  for (const [name, expression] of Object.entries(spec.variables ?? {}))
    given[name] = evaluateFeel(expression, scope);
  const schema = compiled.definition.variables;
  const vars = await checkedData(unit.tx, ctx, schema, given, "start variables");
  if (fileFieldValues(schema, vars).length > 0)
    throw new Error("a scheduled start cannot carry attachments");
  const result = initialStep(compiled, vars, meta);
  const now = unit.clock.now();
  const row: InstanceRow = {
    id,
    processKey: schedule.processKey,
    version: schedule.version,
    businessKey: null,
    title: null,
    status: "running",
    snapshot: result.snapshot,
    vars: result.vars,
    activeStates: result.activeStates,
    parentId: null,
    revision: 0,
    visibleTo: [],
    participants: [],
    incident: null,
    startedBy: SYSTEM_ACTOR.id,
    startedAt: now,
    updatedAt: now,
    endedAt: null,
  };
  const plan = planChange({
    compiled,
    instance: row,
    result,
    meta,
    actor: SYSTEM_ACTOR,
    kind: "start",
    event: null,
    from: [],
    now,
  });
  // The timeline says which schedule and slot started it.
  plan.history.data = {
    schedule: spec.key,
    slot: slotText(slot),
    ...(item ? { itemId: String(item.id) } : {}),
  };
  return { row: { ...row, ...plan.instance, id } as InstanceRow, plan };
}
