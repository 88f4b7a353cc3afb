/**
 * `engine.calendar`: the working calendar an engine steps with, and the years an
 * administrator reads and enters. A change is one transaction (the year's rows,
 * the audit row, due dates counted again), then reaches this process at once and
 * every other process on the database by NOTIFY.
 *
 * @example
 * ```ts
 * await engine.calendar.put(2027, { days: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }], complete: true }, admin);
 * const { days, complete } = await engine.calendar.get(2027);
 * ```
 */
import { asc, desc, eq, sql } from "drizzle-orm";
import { ChangeLog } from "../service/apply-step.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { calendarAudit, calendarDays, calendarYears } from "../store/schema.js";
import { SYSTEM_ACTOR, type Actor } from "../types.js";
import {
  countFlaggedDeadlines,
  flaggedDeadlines,
  type FlaggedDeadline,
} from "./flagged-deadlines.js";
import { assertCalendarYear, parseCalendarInput, type CalendarInput } from "./calendar-input.js";
import { CHANNEL_CALENDAR, type CalendarHolder } from "./calendar-holder.js";
import { loadWorkingCalendar } from "./load-working-calendar.js";
import { packageCalendarDays } from "./package-calendar.js";
import { recomputeDueDates, type RecomputedDueDates } from "./recompute-due-dates.js";
import type { CalendarDay, WorkingCalendar } from "./working-calendar.js";

export type { FlaggedDeadline };

export interface CalendarDayView extends CalendarDay {
  /** `package`: from `chinese-days`; `admin`: a row an administrator entered (wins). */
  source: "package" | "admin";
}

/** One year as `GET /api/calendar/{year}` shows it. */
export interface CalendarYear {
  year: number;
  /** The year's holidays are known (the package's years, or entered and marked complete). */
  complete: boolean;
  days: CalendarDayView[];
  /** The administrator's last change to the year, if any. */
  updatedBy: string | null;
  updatedAt: Date | null;
}

export interface CalendarChange extends CalendarYear {
  /** Due dates counted again because the year became complete. */
  recomputed: RecomputedDueDates;
  /** Things worth a second look that did not stop the change. */
  warnings: string[];
}

/** One administrator's change to a year, as audited. */
export interface CalendarAuditEntry {
  at: Date;
  actor: string;
  before: { complete: boolean; days: CalendarDayView[] };
  after: CalendarInput;
  recomputed: RecomputedDueDates | null;
}

export interface CalendarService {
  /** The year with its package and admin days. Throws `ValidationError` for a year out of range. */
  get(year: number): Promise<CalendarYear>;
  /**
   * Replaces the year's admin days; `complete: true` also counts again the flagged due
   * dates of open tasks and pending timers. Throws `ValidationError` listing every problem.
   */
  put(year: number, body: unknown, actor: Actor): Promise<CalendarChange>;
  /** The year's audited changes, newest first (at most 100): who, when, before and after. */
  changes(year: number): Promise<CalendarAuditEntry[]>;
  /** The calendar steps use now. */
  current(): WorkingCalendar;
  /** An instance's open tasks and pending timers whose due dates were counted by weekends alone. */
  flagged(filter: { instanceId: string }): Promise<FlaggedDeadline[]>;
  /** How many open tasks and pending timers carry `calendarIncomplete`. */
  countFlagged(): Promise<{ tasks: number; timers: number }>;
}

async function readYear(db: Db, year: number): Promise<CalendarYear> {
  const [rows, [entered]] = await Promise.all([
    db
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(eq(calendarDays.year, year))
      .orderBy(asc(calendarDays.date)),
    db.select().from(calendarYears).where(eq(calendarYears.year, year)),
  ]);
  const fromPackage = packageCalendarDays();
  const byDate = new Map<string, CalendarDayView>();
  for (const day of fromPackage.days)
    if (day.date.startsWith(`${year}-`)) byDate.set(day.date, { ...day, source: "package" });
  for (const day of rows) byDate.set(day.date, { ...day, source: "admin" });
  return {
    year,
    complete: fromPackage.years.includes(year) || entered?.complete === true,
    days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    updatedBy: entered?.updatedBy ?? null,
    updatedAt: entered?.updatedAt ?? null,
  };
}

async function writeYear(
  tx: Db,
  year: number,
  input: CalendarInput,
  actor: Actor,
  now: Date,
): Promise<void> {
  await tx.delete(calendarDays).where(eq(calendarDays.year, year));
  if (input.days.length > 0)
    await tx.insert(calendarDays).values(input.days.map((day) => ({ ...day, year })));
  await tx
    .insert(calendarYears)
    .values({ year, complete: input.complete, updatedBy: actor.id, updatedAt: now })
    .onConflictDoUpdate({
      target: calendarYears.year,
      set: { complete: input.complete, updatedBy: actor.id, updatedAt: now },
    });
}

/**
 * Counts again the flagged due dates of open tasks and pending timers with the calendar
 * as stored now: run by each process that sees `years` become complete, for due dates
 * it computed by weekends alone before the change reached it (the change's own
 * transaction counted the others). Finds nothing to do in the usual case.
 */
export async function recountFlagged(
  ctx: EngineContext,
  years: number[],
): Promise<RecomputedDueDates> {
  const log = new ChangeLog();
  const recomputed = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${CHANNEL_CALENDAR}))`);
    const calendar = await loadWorkingCalendar(tx);
    const year = Math.min(...years);
    const counted = await recomputeDueDates(tx, ctx, calendar, { year, actor: SYSTEM_ACTOR }, log);
    await log.flush(tx);
    return counted;
  });
  if (recomputed.instances > 0) ctx.logger.info({ years, recomputed }, "due dates counted again");
  return recomputed;
}

export function createCalendarService(ctx: EngineContext, holder: CalendarHolder): CalendarService {
  return {
    async get(year) {
      assertCalendarYear(year);
      return readYear(ctx.db, year);
    },
    async put(year, body, actor) {
      const input = parseCalendarInput(year, body);
      const now = ctx.clock.now();
      const log = new ChangeLog();
      const { change, calendar } = await ctx.db.transaction(async (tx) => {
        // One calendar change at a time: each counts due dates with the calendar it wrote.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${CHANNEL_CALENDAR}))`);
        const before = await readYear(tx, year);
        await writeYear(tx, year, input, actor, now);
        const calendar = await loadWorkingCalendar(tx);
        const recomputed = input.complete
          ? await recomputeDueDates(tx, ctx, calendar, { year, actor }, log)
          : { tasks: 0, timers: 0, instances: 0 };
        await tx.insert(calendarAudit).values({
          year,
          actor: actor.id,
          at: now,
          before: { complete: before.complete, days: before.days },
          after: input,
          recomputed,
        });
        await tx.execute(sql`select pg_notify(${CHANNEL_CALENDAR}, ${String(year)})`);
        await log.flush(tx);
        return { change: { ...(await readYear(tx, year)), recomputed }, calendar };
      });
      holder.set(calendar);
      const warnings = input.days.some((day) => day.kind === "holiday")
        ? []
        : [`${year} 年尚未录入任何放假日期`];
      return { ...change, warnings };
    },
    async changes(year) {
      assertCalendarYear(year);
      const rows = await ctx.db
        .select()
        .from(calendarAudit)
        .where(eq(calendarAudit.year, year))
        .orderBy(desc(calendarAudit.id))
        .limit(100);
      return rows.map((row) => ({
        at: row.at,
        actor: row.actor,
        before: row.before as CalendarAuditEntry["before"],
        after: row.after as CalendarInput,
        recomputed: (row.recomputed as RecomputedDueDates | null) ?? null,
      }));
    },
    current: () => holder.current(),
    flagged: (filter) => flaggedDeadlines(ctx.db, filter),
    countFlagged: () => countFlaggedDeadlines(ctx.db),
  };
}
