import { describe, expect, it } from "vitest";
import { businessKeyPatternProblem, formatBusinessKey } from "./business-key-pattern.js";

describe("business-key patterns", () => {
  it("gives the year and the number padded to the width asked", () => {
    expect(formatBusinessKey("铁峰隐〔{year}〕{seq:3}号", 2026, 7)).toBe("铁峰隐〔2026〕007号");
    expect(formatBusinessKey("铁峰隐〔{year}〕{seq:3}号", 2026, 1234)).toBe("铁峰隐〔2026〕1234号");
    expect(formatBusinessKey("T-{seq}", 2026, 42)).toBe("T-42");
  });

  it("accepts a pattern with one number and refuses others, in Chinese", () => {
    expect(businessKeyPatternProblem("铁峰隐〔{year}〕{seq:3}号")).toBeNull();
    expect(businessKeyPatternProblem("铁峰隐〔{year}〕号")).toMatch(/流水号/);
    expect(businessKeyPatternProblem("{seq}-{seq}")).toMatch(/流水号/);
    expect(businessKeyPatternProblem("{month}-{seq}")).toMatch(/未知的占位符 \{month\}/);
    expect(businessKeyPatternProblem("{seq:0}")).toMatch(/未知的占位符/);
  });
});
