import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate.js";

const base = {
  key: "self-check",
  name: "自查",
  initial: "open",
  states: {
    open: {
      task: { name: "自查", outcomes: [{ event: "DONE", label: "完成" }] },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

const problemsOf = (schedules: unknown) =>
  validateDefinition({ ...base, schedules }).problems.map((p) => `${p.path}: ${p.message}`);

describe("schedules in a definition", () => {
  it("accepts the contract's forms", () => {
    const result = validateDefinition({
      ...base,
      schedules: [
        {
          key: "monthly",
          every: "R/2027-01-01T09:00:00+08:00/P1M",
          forEach: "enterprises",
          filter: "item.highRisk = true",
          variables: { enterpriseId: "item.id", slotAt: "slot" },
          catchUp: "one",
        },
        { key: "daily", every: { rule: "workdays", at: "09:00" }, catchUp: "skip" },
        { key: "weekly", every: { rule: "weekly", day: 1, at: "09:00" }, catchUp: { all: "P7D" } },
        { key: "first", every: { rule: "monthly-first-workday", at: "09:00" } },
        { key: "quarter", every: { rule: "quarterly-first-workday", at: "09:00" } },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.definition?.schedules).toHaveLength(5);
  });

  it("names each mistake at its path, in Chinese", () => {
    const problems = problemsOf([
      { key: "Daily", every: { rule: "workdays", at: "9:00" } },
      { key: "weekly", every: { rule: "weekly", day: 8, at: "09:00" }, filter: "item.x = 1" },
      {
        key: "weekly",
        every: "R/2027-01-01T09:00/P0D",
        forEach: "enterprises",
        filter: "item.x =",
      },
      { key: "later", every: { rule: "yearly", at: "09:00" }, catchUp: { all: "7 days" } },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^schedules\[0\]\.key: 计划标识为小写字母/),
        expect.stringMatching(/^schedules\[0\]\.every.*at: 时间应写作 HH:mm/),
        expect.stringMatching(/^schedules\[1\]\.every.*day: 星期应为 1（周一）到 7（周日）/),
        "schedules[1].filter: 只有按数据源逐项发起（forEach）时才能写",
        expect.stringMatching(/^schedules\[2\]\.every: .*不是 ISO 8601 重复区间/),
        'schedules[2].key: 计划标识 "weekly" 重复',
        expect.stringMatching(/^schedules\[2\]\.filter: FEEL 表达式无法解析/),
        expect.stringMatching(/^schedules\[3\]\.catchUp/),
      ]),
    );
    expect(problems.some((p) => p.startsWith("schedules[3].every"))).toBe(true);
  });
});
