import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { parseCalendarInput } from "./calendar-input.js";

function problemsOf(year: number, body: unknown) {
  try {
    parseCalendarInput(year, body);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe("a year's calendar as entered", () => {
  it("takes the contract's shape, sorted, names trimmed", () => {
    const input = parseCalendarInput(2027, {
      days: [
        { date: "2027-02-20", kind: "workday", name: "春节调休" },
        { date: "2027-01-01", kind: "holiday", name: " 元旦 " },
      ],
      complete: true,
    });
    expect(input).toEqual({
      days: [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-02-20", kind: "workday", name: "春节调休" },
      ],
      complete: true,
    });
  });

  it("lists every problem by field, in Chinese", () => {
    const problems = problemsOf(2027, {
      days: [
        { date: "2026-12-31", kind: "holiday", name: "元旦" },
        { date: "2027-02-06", kind: "holiday", name: "春节" },
        { date: "2027-02-06", kind: "workday", name: "春节调休" },
        { date: "2027-02-30", kind: "holiday", name: "春节" },
        { date: "2027-03-01", kind: "off", name: "" },
      ],
      complete: "yes",
    });
    expect(problems).toEqual([
      { path: "complete", message: "应为 true（全年已录入）或 false" },
      { path: "days.0.date", message: "日期 2026-12-31 不在 2027 年内" },
      {
        path: "days.2.date",
        message: "2027-02-06 已在第 2 项出现，同一天只能是放假或上班之一",
      },
      { path: "days.3.date", message: "应为日期，格式 YYYY-MM-DD" },
      { path: "days.4.kind", message: '应为 "holiday"（放假）或 "workday"（调休上班）' },
      { path: "days.4.name", message: "须填写名称，如“春节”“春节调休”" },
    ]);
  });

  it("refuses a complete year without any holiday, and text in another format", () => {
    expect(problemsOf(2027, { days: [], complete: true })).toEqual([
      { path: "days", message: "2027 年没有任何放假日期，不能标记为已录入；请先录入节假日安排" },
    ]);
    expect(problemsOf(2027, { days: [], complete: false })).toEqual([]);
    expect(problemsOf(2027, "元旦：1月1日放假")).toEqual([
      { path: "", message: '应为对象：{ "days": [...], "complete": true }' },
    ]);
    expect(problemsOf(2027, { days: "元旦：1月1日放假", complete: true })).toEqual([
      { path: "days", message: "应为日期列表" },
    ]);
    expect(problemsOf(1999, { days: [], complete: false })[0]?.path).toBe("year");
  });
});
