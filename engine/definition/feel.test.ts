import { describe, expect, it } from "vitest";
import { packageCalendarDays } from "../calendar/package-calendar.js";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { createFeelExpressions } from "./feel-expressions.js";
import { evaluateFeel, evaluateGuard, feelScope, toInstant } from "./feel.js";

const fromPackage = packageCalendarDays();
const calendar = createWorkingCalendar({
  days: fromPackage.days,
  completeYears: fromPackage.years,
});

// Every case twice: parsed on each evaluation, and parsed once (as a compiled definition's expressions are).
describe.each([
  ["parsed on each evaluation", undefined],
  ["compiled once", createFeelExpressions()],
])("FEEL against an instance, %s", (_, expressions) => {
  const meta = (now: string) => ({
    now,
    actor: { id: "u", groups: ["g"] },
    instance: { id: "i-1", businessKey: "B-1" },
    calendar,
    ...(expressions ? { expressions } : {}),
  });

  it("sees the engine clock as now and today in Beijing time, never real time", () => {
    // 20:00 UTC on 1 March is 04:00 on 2 March in Beijing.
    const scope = feelScope({
      vars: {},
      event: { type: "X" },
      meta: meta("2026-03-01T20:00:00.000Z"),
    });
    expect(evaluateFeel("string(today())", scope)).toBe("2026-03-02");
    expect(evaluateFeel("string(date(now))", scope)).toBe("2026-03-02");
    const inAnHour = evaluateFeel('now + duration("PT1H")', scope);
    expect(toInstant(inAnHour, "x").toISOString()).toBe("2026-03-01T21:00:00.000Z");
    const other = feelScope({
      vars: {},
      event: { type: "X" },
      meta: meta("2030-01-01T00:00:00.000Z"),
    });
    expect(evaluateFeel("string(today())", other)).toBe("2030-01-01");
  });

  it("sees vars, the event, the actor and the instance", () => {
    const scope = feelScope({
      vars: { fine: 10000 },
      event: { type: "FINED", data: { extra: 2 } },
      meta: meta("2026-03-01T00:00:00.000Z"),
    });
    expect(evaluateFeel("if vars.fine * 0.15 < 3000 then 3000 else vars.fine * 0.15", scope)).toBe(
      3000,
    );
    expect(evaluateFeel("event.type + string(event.data.extra)", scope)).toBe("FINED2");
    expect(evaluateFeel("actor.id + instance.businessKey + actor.groups[1]", scope)).toBe("uB-1g");
  });

  it("tells working days with is workday(), on the calendar of the step", () => {
    const scope = feelScope({
      vars: { visit: "2026-10-10" },
      event: { type: "X" },
      // 2026-10-05 09:00 in Beijing: inside the National Day holiday.
      meta: meta("2026-10-05T01:00:00.000Z"),
    });
    expect(evaluateFeel('is workday(date("2026-10-01"))', scope)).toBe(false);
    // Saturday 10 October 2026 is a make-up working day.
    expect(evaluateFeel("is workday(date(vars.visit))", scope)).toBe(true);
    expect(evaluateFeel("is workday(now)", scope)).toBe(false);
    expect(evaluateFeel('is workday(date("2026-10-09"))', scope)).toBe(true);
    expect(evaluateFeel('is workday("not a date")', scope)).toBeNull();
  });

  it("takes a guard only when it is exactly true", () => {
    const scope = feelScope({
      vars: { n: 1 },
      event: { type: "X" },
      meta: meta("2026-03-01T00:00:00.000Z"),
    });
    expect(evaluateGuard("vars.n = 1", scope)).toBe(true);
    expect(evaluateGuard("vars.missing > 0", scope)).toBe(false);
    expect(evaluateGuard("1", scope)).toBe(false);
  });

  it("turns dates and local date-times into Beijing instants", () => {
    expect(toInstant("2026-10-01", "x").toISOString()).toBe("2026-09-30T16:00:00.000Z");
    expect(toInstant("2026-10-01T23:59:59", "x").toISOString()).toBe("2026-10-01T15:59:59.000Z");
    expect(toInstant("2026-10-01T23:59:59+08:00", "x").toISOString()).toBe(
      "2026-10-01T15:59:59.000Z",
    );
    expect(() => toInstant(null, "vars.deadline")).toThrow(/vars.deadline/);
  });
});
