import { describe, expect, it } from "vitest";
import { eventKeyFor } from "./event-key.js";

describe("eventKeyFor", () => {
  it("gives common outcome names readable keys, and 不通过 is not 通过", () => {
    expect(eventKeyFor("通过")).toBe("APPROVE");
    expect(eventKeyFor("不通过")).toBe("REJECT");
    expect(eventKeyFor(" 完成 ")).toBe("DONE");
    expect(eventKeyFor("复查合格")).toBe("RECHECK_PASSED");
  });

  it("derives the same ASCII key from the same name every time, and different keys for different names", () => {
    const key = eventKeyFor("转交村里核实");
    expect(key).toMatch(/^OUTCOME_[0-9A-Z]{6}$/);
    expect(eventKeyFor("转交村里核实")).toBe(key);
    expect(eventKeyFor("转交村里复核")).not.toBe(key);
  });

  it("keeps Latin names as they are, upper-cased", () => {
    expect(eventKeyFor("recheck done")).toBe("RECHECK_DONE");
    expect(eventKeyFor("3号意见")).toMatch(/^OUTCOME_/);
  });

  it("never returns a key already taken", () => {
    expect(eventKeyFor("通过", new Set(["APPROVE"]))).toBe("APPROVE_2");
    expect(eventKeyFor("通过", new Set(["APPROVE", "APPROVE_2"]))).toBe("APPROVE_3");
  });
});
