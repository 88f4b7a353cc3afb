/**
 * Problems with `schedules` that the zod schema cannot see: a key used twice,
 * a `filter` or `itemLabel` without `forEach`, and FEEL expressions that do not
 * parse in a schedule's scope (`item`, `slot`, `now`).
 *
 * @example
 * ```ts
 * scheduleProblems(json.schedules, checkExpression);
 * // [{ path: ["schedules", 1, "key"], message: "计划标识 \"daily\" 重复" }]
 * ```
 */
import { isRecord } from "./definition-outline.js";
import type { PathProblem } from "./format-path.js";

/** Stand-ins for what a schedule's expressions see, so that names parse as they will at run time. */
export const SCHEDULE_FEEL_SCOPE: Record<string, unknown> = {
  item: {},
  slot: null,
  now: null,
  today: () => null,
  "is workday": () => null,
};

/** A FEEL expression's problem in the given scope, or null when it is fine. */
export type ExpressionCheck = (expression: string, scope: Record<string, unknown>) => string | null;

export function scheduleProblems(schedules: unknown, check: ExpressionCheck): PathProblem[] {
  if (!Array.isArray(schedules)) return [];
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  schedules.forEach((schedule, i) => {
    if (!isRecord(schedule)) return;
    const path = ["schedules", i];
    if (typeof schedule.key === "string") {
      if (seen.has(schedule.key))
        problems.push({ path: [...path, "key"], message: `计划标识 "${schedule.key}" 重复` });
      seen.add(schedule.key);
    }
    const perItem = typeof schedule.forEach === "string" && schedule.forEach !== "";
    for (const field of ["filter", "itemLabel"] as const) {
      if (schedule[field] !== undefined && !perItem)
        problems.push({
          path: [...path, field],
          message: "只有按数据源逐项发起（forEach）时才能写",
        });
    }
    const expressions: [string, unknown][] = [["filter", schedule.filter]];
    if (isRecord(schedule.variables))
      for (const [name, value] of Object.entries(schedule.variables))
        expressions.push([`variables.${name}`, value]);
    for (const [where, expression] of expressions) {
      if (typeof expression !== "string" || expression === "") continue;
      const message = check(expression, SCHEDULE_FEEL_SCOPE);
      if (message !== null) problems.push({ path: [...path, ...where.split(".")], message });
    }
  });
  return problems;
}
