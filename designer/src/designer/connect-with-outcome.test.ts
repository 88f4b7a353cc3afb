import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Definition } from "../../../engine/definition/schema.js";
import { validateDefinition } from "../../../engine/definition/validate.js";
import { connectWithOutcome, outcomeOptions } from "./connect-with-outcome.js";

const hazard = JSON.parse(
  readFileSync(new URL("../../../processes/hazard-closure.json", import.meta.url), "utf8"),
) as Definition;

describe("connectWithOutcome", () => {
  it("lists the source task's outcomes with where each leads now", () => {
    expect(outcomeOptions(hazard, "acceptance")).toEqual([
      { event: "ACCEPT", label: "验收合格，销号", currentTarget: "closed" },
      { event: "FAIL", label: "验收不合格，继续整改", currentTarget: "rectifying" },
    ]);
    expect(outcomeOptions(hazard, "closed")).toEqual([]);
  });

  it("adds a new outcome named in Chinese, with a derived key, and its transition", () => {
    const { definition, ref } = connectWithOutcome(hazard, "acceptance", "planReview", {
      kind: "new",
      label: "需重新审核方案",
    });
    expect(ref.event).toMatch(/^OUTCOME_[0-9A-Z]{6}$/);
    expect(definition.states.acceptance?.task?.outcomes.at(-1)).toEqual({
      event: ref.event,
      label: "需重新审核方案",
    });
    expect(definition.states.acceptance?.on?.[ref.event]).toEqual({ target: "planReview" });
    expect(validateDefinition(definition, { isPublished: () => true }).problems).toEqual([]);
  });

  it("points an existing outcome at the new target, keeping its guard", () => {
    const { definition } = connectWithOutcome(hazard, "acceptance", "closed", {
      kind: "existing",
      event: "FAIL",
    });
    expect(definition.states.acceptance?.on?.FAIL).toEqual({
      target: "closed",
      guard: {
        expr: "string length(event.data.acceptanceOpinion) > 0",
        message: "验收不通过时须填写验收意见",
        field: "acceptanceOpinion",
      },
    });
    expect(definition.states.acceptance?.task?.outcomes).toHaveLength(2);
  });

  it("names the transition itself when the source has no task", () => {
    const plain: Definition = {
      key: "plain",
      name: "无任务",
      initial: "waiting",
      states: {
        waiting: { on: { GO: "done" } },
        done: { type: "final" },
        other: { type: "final" },
      },
    };
    const { definition, ref } = connectWithOutcome(plain, "waiting", "other", {
      kind: "new",
      label: "通过",
    });
    expect(ref.event).toBe("APPROVE");
    expect(definition.states.waiting?.on?.APPROVE).toEqual({ target: "other", label: "通过" });
  });

  it("does not reuse an event the state already handles", () => {
    const first = connectWithOutcome(hazard, "acceptance", "closed", {
      kind: "new",
      label: "完成",
    });
    const second = connectWithOutcome(first.definition, "acceptance", "closed", {
      kind: "new",
      label: "完成",
    });
    expect([first.ref.event, second.ref.event]).toEqual(["DONE", "DONE_2"]);
  });
});
