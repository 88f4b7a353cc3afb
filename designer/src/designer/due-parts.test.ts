import { describe, expect, it } from "vitest";
import { dueToParts, partsToDue } from "./due-parts.js";

describe("due as number, unit and calendar", () => {
  it("writes 3 working days as P3D with the workdays calendar", () => {
    expect(partsToDue({ amount: 3, unit: "days", calendar: "workdays" })).toEqual({
      due: "P3D",
      calendar: "workdays",
    });
    expect(partsToDue({ amount: 30, unit: "days", calendar: "days" })).toEqual({
      due: "P30D",
      calendar: undefined,
    });
    expect(partsToDue({ amount: 2, unit: "weeks", calendar: "workdays" })).toEqual({
      due: "P2W",
      calendar: "workdays",
    });
  });

  it("leaves the calendar out where working days do not apply", () => {
    expect(partsToDue({ amount: 4, unit: "hours", calendar: "workdays" })).toEqual({
      due: "PT4H",
      calendar: undefined,
    });
    expect(partsToDue({ amount: 1, unit: "months", calendar: "workdays" })).toEqual({
      due: "P1M",
      calendar: undefined,
    });
  });

  it("never writes zero or a fraction", () => {
    expect(partsToDue({ amount: 0, unit: "days", calendar: "days" }).due).toBe("P1D");
    expect(partsToDue({ amount: 2.6, unit: "days", calendar: "days" }).due).toBe("P3D");
  });

  it("reads back what it writes, and refuses what the fields cannot show", () => {
    expect(dueToParts("P3D", "workdays")).toEqual({
      amount: 3,
      unit: "days",
      calendar: "workdays",
    });
    expect(dueToParts("PT8H", undefined)).toEqual({ amount: 8, unit: "hours", calendar: "days" });
    expect(dueToParts("P10M", undefined)).toEqual({ amount: 10, unit: "months", calendar: "days" });
    expect(dueToParts("P1DT12H", undefined)).toBeNull();
    expect(dueToParts({ expr: 'duration("P3D")' }, undefined)).toBeNull();
    expect(dueToParts(undefined, undefined)).toBeNull();
  });
});
