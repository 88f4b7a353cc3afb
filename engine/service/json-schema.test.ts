import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { assertMatchesSchema, schemaProblems } from "./json-schema.js";

const plan = {
  type: "object",
  required: ["measures", "funds", "rectifyDeadline", "responsible"],
  properties: {
    measures: { type: "string", title: "治理措施", minLength: 4 },
    funds: { type: "number", title: "治理资金（元）", minimum: 0 },
    rectifyDeadline: { type: "string", title: "整改期限", format: "date" },
    responsible: { type: "string", title: "责任人" },
    level: { type: "string", enum: ["major", "general"] },
    items: { type: "array", minItems: 1, items: { type: "string" } },
  },
};

describe("form and start-variable problems", () => {
  it("are worded in Chinese, each at its field, the field's title first", () => {
    const problems = schemaProblems(plan, {
      measures: "换",
      funds: -5,
      rectifyDeadline: "下个月",
      level: "minor",
      items: [],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "measures", message: "治理措施：至少 4 个字" },
        { path: "funds", message: "治理资金（元）：不能小于 0" },
        { path: "rectifyDeadline", message: "整改期限：格式不正确，应为日期（如 2026-11-29）" },
        { path: "responsible", message: "责任人：必填" },
        { path: "level", message: "请从给定的选项中选择" },
        { path: "items", message: "至少 1 项" },
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("says which type a value should have", () => {
    expect(schemaProblems(plan, { ...validPlan(), funds: "很多" })).toEqual([
      { path: "funds", message: "治理资金（元）：应为数字" },
    ]);
  });

  it("throws a ValidationError listing every problem", () => {
    const thrown = (() => {
      try {
        assertMatchesSchema(plan, { ...validPlan(), responsible: undefined }, "task data");
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).problems).toEqual([
      { path: "responsible", message: "责任人：必填" },
    ]);
  });
});

function validPlan() {
  return {
    measures: "更换老化电缆",
    funds: 48000,
    rectifyDeadline: "2026-12-31",
    responsible: "李强",
  };
}
