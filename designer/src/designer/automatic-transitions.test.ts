import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Definition } from "../../../engine/definition/schema.js";
import { validateDefinition } from "../../../engine/definition/validate.js";
import {
  addAutomaticTransition,
  deleteTransition,
  renameState,
  updateTransition,
} from "./definition-edits.js";
import { buildGraph } from "./graph-model.js";

const hazard = JSON.parse(
  readFileSync(new URL("../../../processes/hazard-closure.json", import.meta.url), "utf8"),
) as Definition;

describe("automatic transitions (自动流转) in the designer", () => {
  it("draws each as a line labelled 自动, its reason and guard in the tooltip", () => {
    const { edges } = buildGraph(hazard, { layout: { positions: {} } as never });
    const automatic = edges.filter((e) => e.data?.kind === "always");
    expect(automatic.map((e) => [e.source, e.target, e.label, e.data?.detail])).toEqual([
      [
        "intake",
        "onSiteCheck",
        "自动（有条件）",
        '自动：企业自查自报、举报的隐患先现场核实\n条件：vars.source = "self-report" or vars.source = "tip-off"',
      ],
      ["intake", "reported", "自动", "自动：交安监办判定"],
    ]);
  });

  it("adds, edits, renames and deletes them, the definition staying valid", () => {
    const added = addAutomaticTransition(hazard, "onSiteRecheck", "acceptance");
    expect(added.ref).toEqual({
      kind: "always",
      source: "onSiteRecheck",
      event: "always",
      index: 0,
    });
    const guarded = updateTransition(added.definition, added.ref, (t) => {
      t.guard = "vars.recheckWaived = true";
      t.label = "免于复核";
    });
    expect(guarded.states.onSiteRecheck?.always).toEqual({
      target: "acceptance",
      guard: "vars.recheckWaived = true",
      label: "免于复核",
    });
    expect(validateDefinition(guarded, { isPublished: () => true }).problems).toEqual([]);

    const renamed = renameState(guarded, "acceptance", "finalAcceptance");
    expect(renamed.states.onSiteRecheck?.always).toMatchObject({ target: "finalAcceptance" });
    expect(deleteTransition(guarded, added.ref).states.onSiteRecheck?.always).toBeUndefined();
  });
});
