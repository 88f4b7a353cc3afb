import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Definition } from "../../../engine/definition/schema.js";
import { validateDefinition } from "../../../engine/definition/validate.js";
import { insertStepOnTransition } from "./insert-step.js";

const hazard = JSON.parse(
  readFileSync(new URL("../../../processes/hazard-closure.json", import.meta.url), "utf8"),
) as Definition;
const published = { isPublished: () => true };

describe("insertStepOnTransition", () => {
  it("puts a task step on a line, wired both ways, and the definition stays valid", () => {
    const { definition, key } = insertStepOnTransition(
      hazard,
      { kind: "on", source: "acceptance", event: "ACCEPT", index: 0 },
      { label: "复查", group: "safety-office", outcomeLabel: "复查合格" },
    );
    expect(key).toBe("step1");
    const accept = definition.states.acceptance?.on?.ACCEPT;
    // The old line keeps its assignments and now ends at the new step.
    expect(accept).toMatchObject({ target: "step1", assign: { overdue: "false" } });
    expect(definition.states.step1).toEqual({
      label: "复查",
      task: {
        name: "复查",
        candidateGroups: ["safety-office"],
        outcomes: [{ event: "RECHECK_PASSED", label: "复查合格" }],
      },
      on: { RECHECK_PASSED: "closed" },
    });
    expect(validateDefinition(definition, published).problems).toEqual([]);
    // The original is not touched.
    expect(hazard.states.acceptance?.on?.ACCEPT).toMatchObject({ target: "closed" });
    expect(hazard.states.step1).toBeUndefined();
  });

  it("inserts on a guarded alternative and on a timer, and takes a computed group", () => {
    const onGuarded = insertStepOnTransition(
      hazard,
      { kind: "on", source: "acceptance", event: "FAIL", index: 0 },
      { label: "整改约谈", group: '="enterprise-" + vars.enterpriseId', outcomeLabel: "" },
    );
    expect(onGuarded.definition.states.acceptance?.on?.FAIL).toMatchObject({
      target: "step1",
      guard: {
        expr: "string length(event.data.acceptanceOpinion) > 0",
        message: "验收不通过时须填写验收意见",
        field: "acceptanceOpinion",
      },
    });
    expect(onGuarded.definition.states.step1?.task?.candidateGroups).toEqual([
      { expr: '"enterprise-" + vars.enterpriseId' },
    ]);
    expect(onGuarded.definition.states.step1?.on).toEqual({ DONE: "rectifying" });
    expect(validateDefinition(onGuarded.definition, published).problems).toEqual([]);
  });

  it("does nothing on a line without a target", () => {
    const result = insertStepOnTransition(
      hazard,
      { kind: "on", source: "acceptance", event: "NO_SUCH_EVENT", index: 0 },
      { label: "复查", group: "safety-office", outcomeLabel: "完成" },
    );
    expect(result).toEqual({ definition: hazard, key: null });
  });

  it("inserts inside a compound state next to the source", () => {
    const nested: Definition = {
      key: "nested",
      name: "嵌套",
      initial: "outer",
      states: {
        outer: {
          initial: "a",
          states: { a: { on: { GO: "b" } }, b: { type: "final" } },
          onDone: "end",
        },
        end: { type: "final" },
      },
    };
    const { definition, key } = insertStepOnTransition(
      nested,
      { kind: "on", source: "a", event: "GO", index: 0 },
      { label: "复核", group: "safety-office", outcomeLabel: "完成" },
    );
    expect(Object.keys(definition.states.outer?.states ?? {})).toContain(key);
    expect(validateDefinition(definition).problems).toEqual([]);
  });
});
