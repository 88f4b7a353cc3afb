/**
 * The embedding API's schedules: what each process's schedules are, when they
 * fire next, pause and resume (an administrator's action, audited: who, when,
 * why), and the sources a `forEach` may name.
 *
 * A paused schedule fires nothing; resuming it starts again with the first slot
 * after the resume (slots of the pause are not caught up).
 *
 * @example
 * ```ts
 * await engine.schedules.pause("self-check", "daily", { actor, reason: "春节停工" });
 * const [daily] = await engine.schedules.list({ processKey: "self-check" });
 * daily.description; // "每个工作日 09:00，每家高危企业一件"
 * ```
 */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Schedule } from "../definition/schedule-schema.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { describeSchedule } from "../schedules/describe-schedule.js";
import { nextSlots } from "../schedules/schedule-slots.js";
import { nextWakeAt } from "../schedules/slots-to-fire.js";
import type { Db } from "../store/database.js";
import { scheduleAudit, schedules } from "../store/schema.js";
import type { Actor } from "../types.js";
import type { EngineContext } from "./context.js";

/** A schedule as it stands: its rule, its state and its next ten slots. */
export interface ScheduleStatus {
  processKey: string;
  key: string;
  label: string | null;
  /** The published version whose rule it follows. */
  version: number;
  /** False once the latest version no longer declares it. */
  active: boolean;
  paused: boolean;
  pausedBy: string | null;
  pausedAt: Date | null;
  /** Slots up to this instant are done (fired, or skipped by `catchUp`). */
  firedThrough: Date;
  /** The rule in words: `每个工作日 09:00，每家高危企业一件`. */
  description: string;
  schedule: Schedule;
  /** The next ten slots after now (none while paused or inactive). */
  nextSlots: Date[];
}

export interface ScheduleAuditEntry {
  processKey: string;
  scheduleKey: string;
  action: "pause" | "resume";
  actor: string;
  at: Date;
  reason: string | null;
}

export interface SourceInfo {
  name: string;
  label: string;
  unit: string;
}

export interface Schedules {
  /** Every schedule of every process (or of one), active ones first. */
  list(filter?: { processKey?: string }): Promise<ScheduleStatus[]>;
  /** Throws `NotFoundError`. */
  get(processKey: string, key: string): Promise<ScheduleStatus>;
  /** Stops firing; `ConflictError` when paused already, `NotFoundError` when no active schedule. */
  pause(
    processKey: string,
    key: string,
    options: { actor: Actor; reason?: string },
  ): Promise<ScheduleStatus>;
  /** Fires again from the next slot after now; `ConflictError` when not paused. */
  resume(
    processKey: string,
    key: string,
    options: { actor: Actor; reason?: string },
  ): Promise<ScheduleStatus>;
  /** Pauses and resumes, newest first. */
  audit(processKey: string, key?: string): Promise<ScheduleAuditEntry[]>;
  /** The sources registered with the engine, with their words (`企业`, `家`). */
  sources(): SourceInfo[];
}

type ScheduleRow = typeof schedules.$inferSelect;

export function createSchedules(ctx: EngineContext): Schedules {
  const sourceWords = () => Object.fromEntries([...ctx.sources.values()].map((s) => [s.name, s]));

  async function specOf(db: Db, row: ScheduleRow): Promise<Schedule> {
    const compiled = await ctx.compiled(row.processKey, row.version, db);
    const spec = compiled.definition.schedules?.find((s) => s.key === row.scheduleKey);
    if (!spec) throw new NotFoundError("schedule", `${row.processKey}/${row.scheduleKey}`);
    return spec;
  }

  async function status(db: Db, row: ScheduleRow): Promise<ScheduleStatus> {
    const spec = await specOf(db, row);
    const now = ctx.clock.now();
    const after = row.firedThrough > now ? row.firedThrough : now;
    return {
      processKey: row.processKey,
      key: row.scheduleKey,
      label: spec.label ?? null,
      version: row.version,
      active: row.active,
      paused: row.paused,
      pausedBy: row.pausedBy,
      pausedAt: row.pausedAt,
      firedThrough: row.firedThrough,
      description: describeSchedule(spec, sourceWords()),
      schedule: spec,
      nextSlots:
        row.active && !row.paused ? nextSlots(spec.every, after, 10, ctx.calendar.current()) : [],
    };
  }

  async function locked(tx: Db, processKey: string, key: string): Promise<ScheduleRow> {
    const [row] = await tx
      .select()
      .from(schedules)
      .where(and(eq(schedules.processKey, processKey), eq(schedules.scheduleKey, key)))
      .for("update");
    if (!row || !row.active) throw new NotFoundError("schedule", `${processKey}/${key}`);
    return row;
  }

  async function change(
    processKey: string,
    key: string,
    action: "pause" | "resume",
    options: { actor: Actor; reason?: string },
  ): Promise<ScheduleStatus> {
    return ctx.db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const row = await locked(tx, processKey, key);
      const now = ctx.clock.now();
      if (action === "pause" && row.paused)
        throw new ConflictError(`schedule ${processKey}/${key} is paused already`);
      if (action === "resume" && !row.paused)
        throw new ConflictError(`schedule ${processKey}/${key} is not paused`);
      const set =
        action === "pause"
          ? { paused: true, pausedBy: options.actor.id, pausedAt: now, updatedAt: now }
          : {
              paused: false,
              pausedBy: null,
              pausedAt: null,
              firedThrough: now,
              nextAt: nextWakeAt((await specOf(tx, row)).every, now, ctx.calendar.current()),
              updatedAt: now,
            };
      const [updated] = await tx
        .update(schedules)
        .set(set)
        .where(and(eq(schedules.processKey, processKey), eq(schedules.scheduleKey, key)))
        .returning();
      await tx.insert(scheduleAudit).values({
        processKey,
        scheduleKey: key,
        action,
        actor: options.actor.id,
        at: now,
        reason: options.reason ?? null,
      });
      return status(tx, updated!);
    });
  }

  return {
    async list(filter = {}) {
      const rows = await ctx.db
        .select()
        .from(schedules)
        .where(filter.processKey ? eq(schedules.processKey, filter.processKey) : undefined)
        .orderBy(desc(schedules.active), asc(schedules.processKey), asc(schedules.scheduleKey));
      return Promise.all(rows.map((row) => status(ctx.db, row)));
    },
    async get(processKey, key) {
      const [row] = await ctx.db
        .select()
        .from(schedules)
        .where(and(eq(schedules.processKey, processKey), eq(schedules.scheduleKey, key)));
      if (!row) throw new NotFoundError("schedule", `${processKey}/${key}`);
      return status(ctx.db, row);
    },
    pause: (processKey, key, options) => change(processKey, key, "pause", options),
    resume: (processKey, key, options) => change(processKey, key, "resume", options),
    async audit(processKey, key) {
      const rows = await ctx.db
        .select()
        .from(scheduleAudit)
        .where(
          and(
            eq(scheduleAudit.processKey, processKey),
            key ? eq(scheduleAudit.scheduleKey, key) : undefined,
          ),
        )
        .orderBy(desc(scheduleAudit.id));
      return rows.map(({ id: _id, ...entry }) => entry);
    },
    sources: () =>
      [...ctx.sources.values()].map(({ name, label, unit }) => ({ name, label, unit })),
  };
}
