import { describe, expect, it } from "vitest";
import { creditCodeProblem, normalizeCreditCode } from "./credit-code.js";

describe("统一社会信用代码", () => {
  // Published codes of real enterprises (business licences, public registers).
  it.each([
    ["91350100M000100Y43", "the example the national standard's guidance uses"],
    ["91110108551385082Q", "小米科技有限责任公司"],
    ["9144030071526726XG", "深圳市腾讯计算机系统有限公司"],
    ["91330100716105852F", "阿里巴巴（中国）有限公司"],
    ["914403001922038216", "华为技术有限公司"],
  ])("accepts %s (%s)", (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it("accepts lower case and spaces once normalized", () => {
    expect(creditCodeProblem(normalizeCreditCode(" 9144030071526726xg "))).toBeNull();
  });

  it("refuses a wrong check character, naming position 18", () => {
    expect(creditCodeProblem("91110108551385082R")).toBe("第18位（校验码）不正确");
    // One changed character anywhere in the body changes the check character too.
    expect(creditCodeProblem("91110108551385083Q")).toBe("第18位（校验码）不正确");
  });

  it("names the position of a character outside the charset", () => {
    expect(creditCodeProblem("9111010855138508IQ")).toMatch(/^第17位字符不合法/);
    expect(creditCodeProblem("O1110108551385082Q")).toMatch(/^第1位字符不合法/);
  });

  it("refuses a wrong length", () => {
    expect(creditCodeProblem("91110108551385082")).toBe("须为18位，实为17位");
  });
});
