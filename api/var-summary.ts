/**
 * The variables a list shows of each instance or task: numbers, booleans, null
 * and strings up to `SUMMARY_STRING_LENGTH` characters (a title, a code, a
 * grade, a deadline, `overdue`); long text, lists and objects are left out, so
 * that 50 cases with large descriptions do not make one inbox page megabytes.
 * One instance (`GET /api/instances/{id}`) still shows every variable.
 *
 * @example
 * ```ts
 * summarizeVars({ title: "木粉仓", description: "…5 000 字…", photos: ["a", "b"] });
 * // { title: "木粉仓" }
 * ```
 */
export const SUMMARY_STRING_LENGTH = 200;

export function summarizeVars(vars: Record<string, unknown>): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (
      value === null ||
      typeof value === "number" ||
      typeof value === "boolean" ||
      (typeof value === "string" && value.length <= SUMMARY_STRING_LENGTH)
    ) {
      summary[name] = value;
    }
  }
  return summary;
}
