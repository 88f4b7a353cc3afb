/**
 * Checks a year's calendar as an administrator sends it (`PUT /api/calendar/{year}`,
 * `engine.calendar.put`): every problem at once, by path, in Chinese. Nothing is
 * saved unless there is none.
 *
 * @example
 * ```ts
 * const input = parseCalendarInput(2027, { days: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }], complete: true });
 * ```
 */
import { ValidationError, type Problem } from "../errors.js";
import type { CalendarDay } from "./working-calendar.js";

/** What a year's calendar is set to: its days (replacing the year's rows) and whether it is complete. */
export interface CalendarInput {
  days: CalendarDay[];
  complete: boolean;
}

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
const MAX_NAME_LENGTH = 40;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws `ValidationError` unless `year` can have a calendar. */
export function assertCalendarYear(year: number): void {
  if (Number.isInteger(year) && year >= MIN_CALENDAR_YEAR && year <= MAX_CALENDAR_YEAR) return;
  throw new ValidationError("the year is out of range", [
    { path: "year", message: `年份应为 ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR} 之间的整数` },
  ]);
}

function isRealDate(text: string): boolean {
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

function dayProblems(year: number, value: unknown, path: string): Problem[] {
  if (!value || typeof value !== "object" || Array.isArray(value))
    return [{ path, message: "应为对象：{ date, kind, name }" }];
  const day = value as Record<string, unknown>;
  const problems: Problem[] = [];
  const unknown = Object.keys(day).filter((k) => !["date", "kind", "name", "source"].includes(k));
  for (const key of unknown)
    problems.push({ path: `${path}.${key}`, message: `未知字段 "${key}"` });
  if (typeof day.date !== "string" || !DATE.test(day.date) || !isRealDate(day.date))
    problems.push({ path: `${path}.date`, message: "应为日期，格式 YYYY-MM-DD" });
  else if (!day.date.startsWith(`${year}-`))
    problems.push({ path: `${path}.date`, message: `日期 ${day.date} 不在 ${year} 年内` });
  if (day.kind !== "holiday" && day.kind !== "workday")
    problems.push({
      path: `${path}.kind`,
      message: '应为 "holiday"（放假）或 "workday"（调休上班）',
    });
  if (typeof day.name !== "string" || day.name.trim() === "")
    problems.push({ path: `${path}.name`, message: "须填写名称，如“春节”“春节调休”" });
  else if (day.name.length > MAX_NAME_LENGTH)
    problems.push({ path: `${path}.name`, message: `名称不能超过 ${MAX_NAME_LENGTH} 个字` });
  return problems;
}

/** The year's days and completeness, or `ValidationError` listing every problem. */
export function parseCalendarInput(year: number, body: unknown): CalendarInput {
  assertCalendarYear(year);
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ValidationError("the calendar is invalid", [
      { path: "", message: '应为对象：{ "days": [...], "complete": true }' },
    ]);
  const input = body as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(input).filter((k) => !["days", "complete", "year"].includes(k)))
    problems.push({ path: key, message: `未知字段 "${key}"` });
  if (input.year !== undefined && input.year !== year)
    problems.push({ path: "year", message: `与地址中的年份 ${year} 不一致` });
  if (typeof input.complete !== "boolean")
    problems.push({ path: "complete", message: "应为 true（全年已录入）或 false" });
  if (!Array.isArray(input.days)) {
    problems.push({ path: "days", message: "应为日期列表" });
    throw new ValidationError("the calendar is invalid", problems);
  }
  const seen = new Map<string, number>();
  input.days.forEach((value, index) => {
    const path = `days.${index}`;
    const own = dayProblems(year, value, path);
    problems.push(...own);
    const date = (value as { date?: unknown } | null)?.date;
    if (own.length > 0 || typeof date !== "string") return;
    const first = seen.get(date);
    if (first === undefined) seen.set(date, index);
    else
      problems.push({
        path: `${path}.date`,
        message: `${date} 已在第 ${first + 1} 项出现，同一天只能是放假或上班之一`,
      });
  });
  const days = problems.length === 0 ? (input.days as CalendarDay[]) : [];
  if (
    problems.length === 0 &&
    input.complete === true &&
    !days.some((day) => day.kind === "holiday")
  )
    problems.push({
      path: "days",
      message: `${year} 年没有任何放假日期，不能标记为已录入；请先录入节假日安排`,
    });
  if (problems.length > 0) throw new ValidationError("the calendar is invalid", problems);
  return {
    days: days
      .map((day) => ({ date: day.date, kind: day.kind, name: day.name.trim() }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    complete: input.complete as boolean,
  };
}
