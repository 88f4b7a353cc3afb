import { describe, expect, it } from "vitest";
import { describeDue, formatDate, formatDateTime, formatListTime } from "./format.js";

describe("dates in one format, Beijing time", () => {
  it("writes moments as 2026-11-29 14:00 and dates as 2026-11-29", () => {
    expect(formatDateTime("2026-11-29T06:00:00Z")).toBe("2026-11-29 14:00");
    expect(formatDateTime("2026-11-28T16:30:00Z")).toBe("2026-11-29 00:30");
    expect(formatDate("2026-11-29T06:00:00Z")).toBe("2026-11-29");
    expect(formatDate("2026-11-28")).toBe("2026-11-28");
    expect(formatDateTime(null)).toBe("—");
  });

  it("writes list times as 11-29 14:00, with the year only when it is another year", () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    expect(formatListTime("2026-11-29T06:00:00Z", now)).toBe("11-29 14:00");
    expect(formatListTime("2025-11-29T06:00:00Z", now)).toBe("2025-11-29 14:00");
  });
});

describe("describeDue", () => {
  const opened = Date.parse("2026-11-29T06:00:00Z");
  const threeDaysLater = "2026-12-02T06:00:00Z";

  it("says 还剩 3 天 the moment a three-day task opens, not 2", () => {
    expect(describeDue(threeDaysLater, opened + 5_000)).toEqual({
      text: "还剩 3 天",
      overdue: false,
    });
  });

  it("counts days and hours to the due instant, then hours, then overdue", () => {
    expect(describeDue(threeDaysLater, opened + 19 * 3_600_000).text).toBe("还剩 2 天 5 小时");
    expect(describeDue(threeDaysLater, opened + 70 * 3_600_000).text).toBe("还剩 2 小时");
    expect(describeDue(threeDaysLater, opened + 76 * 3_600_000)).toEqual({
      text: "已超期 4 小时",
      overdue: true,
    });
    expect(describeDue(null).text).toBe("无期限");
  });
});
