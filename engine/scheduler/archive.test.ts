import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_DAYS, retentionPolicy } from "./archive.js";

describe("retentionPolicy", () => {
  it("takes the engine option first, then ZHIBEN_RETENTION_DAYS, then 365 days", () => {
    expect(retentionPolicy({ days: 30 }, "90").days).toBe(30);
    expect(retentionPolicy({}, "90").days).toBe(90);
    expect(retentionPolicy({}, undefined).days).toBe(DEFAULT_RETENTION_DAYS);
    expect(DEFAULT_RETENTION_DAYS).toBe(365);
    expect(retentionPolicy({}, "")).toMatchObject({ batchSize: 500, intervalMs: 3_600_000 });
  });

  it('is off with 0 or "off"', () => {
    expect(retentionPolicy({}, "off").days).toBe(0);
    expect(retentionPolicy({}, " OFF ").days).toBe(0);
    expect(retentionPolicy({}, "0").days).toBe(0);
    expect(retentionPolicy({ days: 0 }, "30").days).toBe(0);
  });

  it("refuses settings that are not a number of days, naming the setting", () => {
    expect(() => retentionPolicy({}, "a year")).toThrow(/ZHIBEN_RETENTION_DAYS .*"a year"/);
    expect(() => retentionPolicy({}, "-5")).toThrow(TypeError);
    expect(() => retentionPolicy({ days: -1 })).toThrow(/retention days/);
    expect(() => retentionPolicy({ days: Number.NaN })).toThrow(/retention days/);
    expect(() => retentionPolicy({ days: 30, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => retentionPolicy({ days: 30, intervalMs: 0 })).toThrow(/intervalMs/);
  });
});
