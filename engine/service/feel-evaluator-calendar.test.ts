import { afterAll, describe, expect, it } from "vitest";
import { packageCalendarDays } from "../calendar/package-calendar.js";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { evaluateFeel, feelScope } from "../definition/feel.js";
import { createFeelEvaluator } from "./feel-evaluator.js";

const evaluator = createFeelEvaluator();
afterAll(() => evaluator.close());

const fromPackage = packageCalendarDays();
const calendar = createWorkingCalendar({
  days: [...fromPackage.days, { date: "2027-01-01", kind: "holiday", name: "元旦" }],
  completeYears: fromPackage.years,
});

describe("is workday() in the expression sandbox", () => {
  it("answers with the step's calendar inside a loop run under the budget", () => {
    const scope = feelScope({
      vars: { days: ["2026-10-01", "2026-10-09", "2026-10-10", "2026-10-11", "2027-01-01"] },
      event: { type: "X" },
      meta: {
        now: "2026-10-01T01:00:00.000Z",
        actor: { id: "u", groups: [] },
        instance: { id: "i", businessKey: null },
        calendar,
        evaluator,
      },
    });
    expect(evaluateFeel("for d in vars.days return is workday(date(d))", scope)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(evaluateFeel("some d in vars.days satisfies is workday(now)", scope)).toBe(false);
  });
});
