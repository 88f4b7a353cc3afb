import { describe, expect, it } from "vitest";
import { packageCalendarDays } from "../calendar/package-calendar.js";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { addDuration, parseDuration } from "./duration.js";

const fromPackage = packageCalendarDays();
const calendar = createWorkingCalendar({
  days: fromPackage.days,
  completeYears: fromPackage.years,
});

const beijing = (text: string) => new Date(`${text}+08:00`);

describe("addDuration", () => {
  it("adds calendar days, hours and months on Beijing's wall clock", () => {
    expect(addDuration(beijing("2026-01-31T23:00:00"), "P1D")).toEqual(
      beijing("2026-02-01T23:00:00"),
    );
    expect(addDuration(beijing("2026-01-31T10:00:00"), "P1M")).toEqual(
      beijing("2026-02-28T10:00:00"),
    );
    expect(addDuration(beijing("2026-03-01T10:00:00"), "PT1H30M")).toEqual(
      beijing("2026-03-01T11:30:00"),
    );
    expect(addDuration(beijing("2025-12-01T10:00:00"), "P10M")).toEqual(
      beijing("2026-10-01T10:00:00"),
    );
  });

  it("counts working days across National Day 2026 and its make-up Saturday", () => {
    // 2026: holiday 1–7 Oct; Sun 20 Sep and Sat 10 Oct are working days.
    expect(addDuration(beijing("2026-09-30T09:00:00"), "P1D", "workdays", calendar)).toEqual(
      beijing("2026-10-08T09:00:00"),
    );
    expect(addDuration(beijing("2026-10-08T09:00:00"), "P2D", "workdays", calendar)).toEqual(
      beijing("2026-10-10T09:00:00"),
    );
    expect(addDuration(beijing("2026-10-03T09:00:00"), "P3D", "workdays", calendar)).toEqual(
      beijing("2026-10-10T09:00:00"),
    );
  });

  it("rejects text that is not a duration", () => {
    expect(parseDuration("3 days")).toBeNull();
    expect(() => addDuration(new Date(), "P")).toThrow(RangeError);
    expect(() => addDuration(new Date(), "P1D", "workdays")).toThrow(TypeError);
  });
});
