import { describe, expect, it } from "vitest";
import { dueAfter } from "../definition/duration.js";
import { packageCalendarDays } from "./package-calendar.js";
import { addWorkdays, createWorkingCalendar, type CalendarDay } from "./working-calendar.js";

const fromPackage = packageCalendarDays();
const packageOnly = createWorkingCalendar({
  days: fromPackage.days,
  completeYears: fromPackage.years,
});

/**
 * TEST DATA, not the official 2027 arrangement (unknown when this was written): plausible
 * days in the State Council's usual pattern, to see 2027 deadlines counted with them.
 */
const TEST_DATA_2027: CalendarDay[] = [
  { date: "2027-01-01", kind: "holiday", name: "元旦" },
  { date: "2027-01-02", kind: "holiday", name: "元旦" },
  { date: "2027-01-03", kind: "holiday", name: "元旦" },
  ...["06", "07", "08", "09", "10", "11", "12", "13"].map((d) => ({
    date: `2027-02-${d}`,
    kind: "holiday" as const,
    name: "春节",
  })),
  { date: "2027-02-14", kind: "workday", name: "春节调休" },
  { date: "2027-02-20", kind: "workday", name: "春节调休" },
];

const with2027 = createWorkingCalendar({
  days: [...fromPackage.days, ...TEST_DATA_2027],
  completeYears: [...fromPackage.years, 2027],
});

describe("the working calendar", () => {
  it("keeps the package's 2026 holidays and make-up days as published", () => {
    const days2026 = fromPackage.days.filter((d) => d.date.startsWith("2026-"));
    const holidays = days2026.filter((d) => d.kind === "holiday").map((d) => d.date);
    const workdays = days2026.filter((d) => d.kind === "workday").map((d) => d.date);
    // The State Council's 2026 arrangement.
    expect(workdays).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(holidays).toHaveLength(33);
    expect(holidays.slice(0, 4)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15"]);
    expect(days2026.find((d) => d.date === "2026-02-17")?.name).toBe("春节");
    expect(days2026.find((d) => d.date === "2026-10-10")?.name).toBe("国庆节调休");
    expect(packageOnly.isComplete(2026)).toBe(true);
    expect(packageOnly.isComplete(2027)).toBe(false);
    expect(packageOnly.isWorkday("2026-10-01")).toBe(false);
    expect(packageOnly.isWorkday("2026-10-10")).toBe(true);
    expect(packageOnly.isWorkday("2026-10-09")).toBe(true);
  });

  it("lets an entered day win over the package for its date", () => {
    const overridden = createWorkingCalendar({
      days: [
        ...fromPackage.days,
        { date: "2026-10-09", kind: "holiday", name: "乡里停电" },
        { date: "2026-10-10", kind: "holiday", name: "国庆节" },
      ],
      completeYears: fromPackage.years,
    });
    expect(overridden.isWorkday("2026-10-09")).toBe(false);
    expect(overridden.isWorkday("2026-10-10")).toBe(false);
    expect(overridden.day("2026-10-09")?.name).toBe("乡里停电");
    // From Thursday 8 October: the 9th and 10th are now off, so one working day is Monday.
    expect(addWorkdays(overridden, "2026-10-08", 1)).toEqual({
      date: "2026-10-12",
      incomplete: false,
    });
  });

  it("counts into an unknown 2027 by weekends alone and says so", () => {
    // Friday 25 December 2026 + 10 working days: 28–31 Dec, then 1 and 4–8 Jan 2027.
    expect(addWorkdays(packageOnly, "2026-12-25", 10)).toEqual({
      date: "2027-01-08",
      incomplete: true,
    });
    // Within 2026 nothing is flagged.
    expect(addWorkdays(packageOnly, "2026-12-01", 10).incomplete).toBe(false);
  });

  it("counts 2027 deadlines with entered 2027 days (test data)", () => {
    // New Year's Day off: 28–31 Dec, 4–8 Jan, 11 Jan.
    expect(addWorkdays(with2027, "2026-12-25", 10)).toEqual({
      date: "2027-01-11",
      incomplete: false,
    });
    // Spring Festival 6–13 Feb off, Sunday 14 Feb worked: from Thursday 4 Feb, 3 working days.
    expect(addWorkdays(with2027, "2027-02-04", 3)).toEqual({
      date: "2027-02-15",
      incomplete: false,
    });
    expect(with2027.isWorkday("2027-02-14")).toBe(true);
    expect(with2027.isWorkday("2027-02-20")).toBe(true);
    // A due date keeps the time of day, on Beijing's wall clock.
    const due = dueAfter(new Date("2026-12-25T10:30:00+08:00"), "P10D", "workdays", with2027);
    expect(due).toEqual({
      at: new Date("2027-01-11T10:30:00+08:00"),
      calendarIncomplete: false,
    });
    expect(
      dueAfter(new Date("2026-12-25T10:30:00+08:00"), "P10D", "workdays", packageOnly),
    ).toEqual({ at: new Date("2027-01-08T10:30:00+08:00"), calendarIncomplete: true });
    // Calendar days are never flagged.
    expect(dueAfter(new Date("2026-12-25T10:30:00+08:00"), "P30D").calendarIncomplete).toBe(false);
  });
});
