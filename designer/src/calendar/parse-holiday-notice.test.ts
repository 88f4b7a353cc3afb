import { describe, expect, it } from "vitest";
import { parseHolidayNotice } from "./parse-holiday-notice.js";

describe("the State Council's notice pasted as is", () => {
  it("reads holidays and make-up days line by line (the issue's made-up example)", () => {
    const parsed = parseHolidayNotice(
      "春节：2月6日至13日放假调休，共8天。2月14日（星期日）、2月20日（星期六）上班。",
      2027,
    );
    expect(parsed.lines).toHaveLength(1);
    expect(parsed.lines[0]?.problem).toBeNull();
    expect(parsed.days.filter((d) => d.kind === "holiday").map((d) => d.date)).toEqual([
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      "2027-02-12",
      "2027-02-13",
    ]);
    expect(parsed.days.filter((d) => d.kind === "workday")).toEqual([
      { date: "2027-02-14", kind: "workday", name: "春节调休" },
      { date: "2027-02-20", kind: "workday", name: "春节调休" },
    ]);
  });

  it("reads the 2026 notice's wording, numbering and remarks in brackets included", () => {
    const notice = [
      "国务院办公厅关于2026年部分节假日安排的通知",
      "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
      "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。",
      "三、清明节：4月4日（周六）至6日（周一）放假，共3天。",
      "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
    ].join("\n");
    const parsed = parseHolidayNotice(notice, 2026);
    expect(parsed.lines.map((l) => l.problem)).toEqual([
      "没有“节日名称：”开头，无法识别",
      null,
      null,
      null,
      null,
    ]);
    expect(parsed.days.filter((d) => d.kind === "workday").map((d) => d.date)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(parsed.days.filter((d) => d.name === "春节" && d.kind === "holiday")).toHaveLength(9);
    expect(parsed.days.find((d) => d.date === "2026-04-05")?.name).toBe("清明节");
  });

  it("shows lines it cannot read instead of guessing", () => {
    const parsed = parseHolidayNotice(
      [
        "端午节：6月放假三天。",
        "劳动节：5月1日至5日放假调休，共4天。",
        "中秋节：9月31日放假。",
        "元旦：2026年12月31日至2027年1月2日放假，共3天。",
      ].join("\n"),
      2027,
    );
    expect(parsed.days).toEqual([]);
    expect(parsed.lines.map((l) => l.problem)).toEqual([
      "没有找到“×月×日至×日放假”",
      "写明共 4 天，但 2027-05-01 至 2027-05-05 是 5 天",
      "日期不存在",
      "2026-12-31 不在 2027 年内，请单独录入",
    ]);
  });
});
