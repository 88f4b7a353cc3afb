/**
 * Evaluating FEEL expressions (feelin) against an instance: `vars`, `event`,
 * `now` (the engine clock in Beijing time), `actor`, `instance`, `today()`,
 * `is workday(date)` (on the working calendar the step was given), and for a
 * 会签/或签's `complete` condition its `votes`.
 *
 * @example
 * ```ts
 * const scope = feelScope({ vars: { fine: 10000 }, event: { type: "X" }, meta });
 * evaluateFeel("if vars.fine * 0.15 < 3000 then 3000 else vars.fine * 0.15", scope); // 3000
 * ```
 */
import { dateAndTime, evaluate, parseDate } from "feelin";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { ExpressionError } from "../errors.js";
import type { Actor } from "../types.js";
import type { FeelExpressions } from "./feel-expressions.js";

/** What the runtime passes along with every event, so that expressions never read real time. */
export interface EventMeta {
  /** ISO instant of the engine clock. */
  now: string;
  actor: Actor;
  instance: { id: string; businessKey: string | null };
  /**
   * Who evaluates the step's expressions; default inline. The engine passes one
   * that runs expressions able to loop without bound under a time and memory budget.
   */
  evaluator?: FeelEvaluator;
  /** Holidays and make-up days for working-day due dates, timers and `is workday()`. */
  calendar: WorkingCalendar;
  /** The definition's expressions, each parsed once (`CompiledDefinition.expressions`); without it, parsed on each evaluation. */
  expressions?: FeelExpressions;
}

/** Evaluates one expression in a scope; the result is plain JSON (dates as ISO strings). */
export type FeelEvaluator = (expression: string, scope: FeelScope) => unknown;

export interface FeelScope {
  vars: Record<string, unknown>;
  event: { type: string; data: Record<string, unknown> };
  now: unknown;
  actor: Actor;
  instance: { id: string; businessKey: string | null };
  today: () => unknown;
  /** The ISO instant `now` and `today()` are built from. */
  instant: string;
  evaluator?: FeelEvaluator;
  "is workday": (date: unknown) => boolean | null;
  calendar: WorkingCalendar;
  /** A 会签/或签's votes so far, for its `complete` condition. */
  votes?: unknown[];
  /** A schedule's item of its source (its `filter` and `variables`). */
  item?: unknown;
  /** A schedule's slot, Beijing time with its offset (`2027-01-04T09:00:00+08:00`). */
  slot?: string;
  expressions?: FeelExpressions;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The last second converted: every step of that second shares it (`now` has no finer resolution). */
let lastNow: { second: string; value: unknown; today: unknown } | null = null;

/** The instant as Beijing local time, `YYYY-MM-DDTHH:mm:ss`. */
export function beijingLocalTime(iso: string): string {
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** The instant as a zoned FEEL date and time in Beijing, and its date (immutable values, safe to share). */
function feelNow(iso: string): { value: unknown; today: unknown } {
  const local = beijingLocalTime(iso);
  if (lastNow?.second !== local) {
    // feelin's own constructors: what `date and time(s)` and `date(now)` give, without parsing FEEL.
    lastNow = {
      second: local,
      value: dateAndTime(`${local}@Asia/Shanghai`),
      today: parseDate(local.slice(0, 10)),
    };
  }
  return lastNow;
}

export function feelScope(input: {
  vars: Record<string, unknown>;
  event: { type: string; data?: unknown };
  meta: EventMeta;
  votes?: unknown[];
}): FeelScope {
  const data =
    input.event.data && typeof input.event.data === "object"
      ? (input.event.data as Record<string, unknown>)
      : {};
  const iso = input.meta.now;
  return {
    vars: input.vars,
    event: { type: input.event.type, data },
    // Built on first use: most expressions never read the clock.
    get now() {
      return feelNow(iso).value;
    },
    actor: input.meta.actor,
    instance: input.meta.instance,
    today: () => feelNow(iso).today,
    "is workday": (date) => isWorkdayOf(input.meta.calendar, date),
    calendar: input.meta.calendar,
    instant: iso,
    ...(input.meta.evaluator ? { evaluator: input.meta.evaluator } : {}),
    ...(input.meta.expressions ? { expressions: input.meta.expressions } : {}),
    ...(input.votes ? { votes: input.votes } : {}),
  };
}

/** `is workday(d)`: a date, a date and time (its date in Beijing) or such a string; anything else null. */
function isWorkdayOf(calendar: WorkingCalendar, value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return calendar.isWorkday(text);
  try {
    const at = toInstant(text, "is workday");
    return calendar.isWorkday(new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10));
  } catch {
    return null;
  }
}

export const SCOPE_NAMES = [
  "vars",
  "event",
  "now",
  "actor",
  "instance",
  "today",
  "is workday",
  "votes",
  "item",
  "slot",
] as const;

/**
 * The names the expression can reach: feelin copies (and converts) every value
 * it is given on each evaluation, and a name the text does not contain cannot
 * be referenced.
 */
function contextFor(expression: string, scope: FeelScope): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const name of SCOPE_NAMES)
    if (expression.includes(name) && scope[name] !== undefined) context[name] = scope[name];
  return context;
}

/**
 * Evaluates an expression with the scope's evaluator (inline when it has none);
 * a syntax error throws `ExpressionError`. The result is plain JSON (dates as ISO strings).
 */
export function evaluateFeel(expression: string, scope: FeelScope): unknown {
  return scope.evaluator
    ? scope.evaluator(expression, scope)
    : evaluateFeelInline(expression, scope);
}

/** Evaluates an expression in this thread, with no budget: for expressions whose text bounds their cost. */
export function evaluateFeelInline(expression: string, scope: FeelScope): unknown {
  let value: unknown;
  try {
    const compiled = scope.expressions?.(expression);
    value = compiled ? compiled(scope) : evaluate(expression, contextFor(expression, scope)).value;
  } catch (error) {
    throw new ExpressionError(expression, error instanceof Error ? error.message : String(error));
  }
  return toJson(value);
}

/** Evaluates a guard: taken only when the result is exactly `true`. */
export function evaluateGuard(expression: string, scope: FeelScope): boolean {
  return evaluateFeel(expression, scope) === true;
}

function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  if (typeof value === "function") return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * Turns an expression's result into an instant: a date and time (zone or offset
 * respected, none means Beijing), or a date (its start in Beijing).
 */
export function toInstant(value: unknown, expression: string): Date {
  if (typeof value === "string") {
    const text = value.replace(/@[A-Za-z_/+-]+$/, "");
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const hasZone = /([zZ]|[+-]\d{2}:\d{2})$/.test(text);
    const parsed = new Date(dateOnly ? `${text}T00:00:00+08:00` : hasZone ? text : `${text}+08:00`);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new ExpressionError(
    expression,
    `expected a date or a date and time, got ${JSON.stringify(value)}`,
  );
}
