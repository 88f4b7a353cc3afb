/**
 * A task's due as the designer edits it: a number, a unit and 工作日/自然日, written
 * back as the ISO 8601 duration and `calendar` of the definition. Anything the fields
 * cannot show (`P1DT12H`, an expression) stays as it is, for the FEEL/ISO field.
 *
 * @example
 * ```ts
 * dueToParts("P3D", "workdays");                      // { amount: 3, unit: "days", calendar: "workdays" }
 * partsToDue({ amount: 3, unit: "days", calendar: "workdays" }); // { due: "P3D", calendar: "workdays" }
 * partsToDue({ amount: 2, unit: "hours", calendar: "workdays" }); // { due: "PT2H", calendar: undefined }
 * ```
 */
import type { Calendar } from "../../../engine/definition/schema.js";

export type DueUnit = "days" | "weeks" | "months" | "hours";

export interface DueParts {
  amount: number;
  unit: DueUnit;
  calendar: Calendar;
}

export const dueUnitLabels: Record<DueUnit, string> = {
  days: "天",
  weeks: "周",
  months: "个月",
  hours: "小时",
};

const designators: Record<DueUnit, string> = { days: "D", weeks: "W", months: "M", hours: "H" };

/** The parts of a due with a single unit, or null when the fields cannot show it. */
export function dueToParts(due: unknown, calendar: Calendar | undefined): DueParts | null {
  if (typeof due !== "string") return null;
  const match = /^P(?:(\d+)([DWM])|T(\d+)H)$/.exec(due);
  if (!match) return null;
  const amount = Number(match[1] ?? match[3]);
  const unit: DueUnit =
    match[3] !== undefined
      ? "hours"
      : match[2] === "D"
        ? "days"
        : match[2] === "W"
          ? "weeks"
          : "months";
  return { amount, unit, calendar: calendar ?? "days" };
}

/**
 * The definition's `due` and `calendar` for the parts. Working days count only days
 * and weeks (as 5 working days); for hours and months the calendar is left out.
 */
export function partsToDue(parts: DueParts): { due: string; calendar: Calendar | undefined } {
  const amount = Math.max(1, Math.round(parts.amount));
  const designator = designators[parts.unit];
  const due = parts.unit === "hours" ? `PT${amount}${designator}` : `P${amount}${designator}`;
  const countsWorkdays = parts.unit === "days" || parts.unit === "weeks";
  return {
    due,
    calendar: countsWorkdays && parts.calendar === "workdays" ? "workdays" : undefined,
  };
}
