import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { nextSlots, slotsBetween } from "./schedule-slots.js";
import { describeEvery, describeSchedule } from "./describe-schedule.js";
import { parseRepeatingInterval } from "./repeating-interval.js";

// 2027-01-01 (Friday) 元旦 off; Sunday 2027-01-10 a make-up working day; 2027-04-01 a holiday;
// Monday 2027-01-18 off; the week of 2027-02-08 off from Monday to Friday.
const calendar = createWorkingCalendar({
  days: [
    { date: "2027-01-01", kind: "holiday", name: "元旦" },
    { date: "2027-01-10", kind: "workday", name: "调休" },
    { date: "2027-04-01", kind: "holiday", name: "假日" },
    { date: "2027-01-18", kind: "holiday", name: "周一假日" },
    ...["08", "09", "10", "11", "12"].map((d) => ({
      date: `2027-02-${d}`,
      kind: "holiday" as const,
      name: "春节",
    })),
  ],
  completeYears: [2027],
});

const beijing = (slots: Date[]) =>
  slots.map((d) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16));

describe("schedule slots", () => {
  it("workdays skip the holiday and the weekend, and take the make-up Sunday", () => {
    const slots = nextSlots(
      { rule: "workdays", at: "09:00" },
      new Date("2026-12-31T09:00:00+08:00"),
      8,
      calendar,
    );
    expect(beijing(slots)).toEqual([
      "2027-01-04T09:00",
      "2027-01-05T09:00",
      "2027-01-06T09:00",
      "2027-01-07T09:00",
      "2027-01-08T09:00",
      "2027-01-10T09:00",
      "2027-01-11T09:00",
      "2027-01-12T09:00",
    ]);
  });

  it("a slot at the very instant given is not after it; a minute before, it is", () => {
    const rule = { rule: "daily", at: "09:00" } as const;
    expect(beijing(nextSlots(rule, new Date("2027-01-04T09:00:00+08:00"), 1, calendar))).toEqual([
      "2027-01-05T09:00",
    ]);
    expect(beijing(nextSlots(rule, new Date("2027-01-04T08:59:00+08:00"), 1, calendar))).toEqual([
      "2027-01-04T09:00",
    ]);
  });

  it("weekly, monthly and the first working day of a month and of a quarter", () => {
    const after = new Date("2026-12-15T00:00:00+08:00");
    expect(beijing(nextSlots({ rule: "weekly", day: 1, at: "08:30" }, after, 2, calendar))).toEqual(
      ["2026-12-21T08:30", "2026-12-28T08:30"],
    );
    expect(
      beijing(nextSlots({ rule: "monthly", day: 31, at: "17:00" }, after, 3, calendar)),
    ).toEqual(["2026-12-31T17:00", "2027-01-31T17:00", "2027-02-28T17:00"]);
    expect(
      beijing(nextSlots({ rule: "monthly-first-workday", at: "09:00" }, after, 2, calendar)),
    ).toEqual(["2027-01-04T09:00", "2027-02-01T09:00"]);
    expect(
      beijing(nextSlots({ rule: "quarterly-first-workday", at: "09:00" }, after, 3, calendar)),
    ).toEqual(["2027-01-04T09:00", "2027-04-02T09:00", "2027-07-01T09:00"]);
  });

  it("the first working day of each week: Monday, the day after a holiday Monday, none in a week off", () => {
    const rule = { rule: "weekly-first-workday", at: "08:30" } as const;
    expect(beijing(nextSlots(rule, new Date("2027-01-03T12:00:00+08:00"), 6, calendar))).toEqual([
      "2027-01-04T08:30",
      "2027-01-11T08:30",
      "2027-01-19T08:30",
      "2027-01-25T08:30",
      "2027-02-01T08:30",
      "2027-02-15T08:30",
    ]);
    expect(describeEvery(rule)).toBe("每周第一个工作日 08:30");
  });

  it("an ISO interval counts from its start (Beijing time when it has no offset), months clamped", () => {
    const every = "R/2027-01-31T09:00/P1M";
    expect(beijing(nextSlots(every, new Date("2020-01-01T00:00:00Z"), 3, calendar))).toEqual([
      "2027-01-31T09:00",
      "2027-02-28T09:00",
      "2027-03-31T09:00",
    ]);
    // Far after the start, the same slots as counting one by one.
    expect(beijing(nextSlots(every, new Date("2031-05-01T00:00:00+08:00"), 2, calendar))).toEqual([
      "2031-05-31T09:00",
      "2031-06-30T09:00",
    ]);
    expect(
      beijing(nextSlots("R3/2027-01-04T09:00:00+08:00/P1W", new Date(0), 10, calendar)),
    ).toEqual(["2027-01-04T09:00", "2027-01-11T09:00", "2027-01-18T09:00"]);
  });

  it("slots between two instants, the newest kept past the limit", () => {
    const every = { rule: "daily", at: "09:00" } as const;
    const from = new Date("2027-01-01T10:00:00+08:00");
    const until = new Date("2027-01-05T09:00:00+08:00");
    expect(beijing(slotsBetween(every, from, until, calendar))).toEqual([
      "2027-01-02T09:00",
      "2027-01-03T09:00",
      "2027-01-04T09:00",
      "2027-01-05T09:00",
    ]);
    expect(beijing(slotsBetween(every, from, until, calendar, 2))).toEqual([
      "2027-01-04T09:00",
      "2027-01-05T09:00",
    ]);
  });

  it("refuses intervals that are not ones", () => {
    expect(parseRepeatingInterval("R/2027-02-30T09:00/P1D")).toBeNull();
    expect(parseRepeatingInterval("R/2027-01-04T09:00/P0D")).toBeNull();
    expect(parseRepeatingInterval("2027-01-04T09:00/P1D")).toBeNull();
    expect(parseRepeatingInterval("R0/2027-01-04T09:00/P1D")).toBeNull();
  });
});

describe("a schedule in words", () => {
  it("says when and for whom", () => {
    const sources = { enterprises: { label: "企业", unit: "家" } };
    expect(
      describeSchedule(
        {
          every: { rule: "workdays", at: "09:00" },
          forEach: "enterprises",
          filter: "item.highRisk = true",
          itemLabel: "高危企业",
        },
        sources,
      ),
    ).toBe("每个工作日 09:00，每家高危企业一件");
    expect(
      describeSchedule(
        { every: { rule: "weekly", day: 1, at: "09:00" }, forEach: "enterprises" },
        sources,
      ),
    ).toBe("每周一 09:00，每家企业一件");
    expect(describeSchedule({ every: { rule: "quarterly-first-workday", at: "10:00" } })).toBe(
      "每季度第一个工作日 10:00，一件",
    );
    expect(describeEvery("R/2027-01-04T09:00/P1W")).toBe("自 2027-01-04 09:00 起每周");
    expect(describeEvery("R12/2027-01-01T01:00:00Z/P2W")).toBe(
      "自 2027-01-01 09:00 起每 2 周，共 12 次",
    );
  });
});
