import { describe, expect, it } from "vitest";
import { compileDefinition } from "../definition/compile.js";
import { definitionSchema } from "../definition/schema.js";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { ExpressionError } from "../errors.js";
import { automaticMoves } from "./automatic-moves.js";
import { initialStep, step, type StepResult } from "./step.js";

const meta = {
  now: "2026-03-02T01:00:00.000Z",
  actor: { id: "clara", groups: ["clerks"] },
  instance: { id: "i-1", businessKey: null },
  calendar: createWorkingCalendar({ days: [], completeYears: [] }),
};

/** A report is routed as it arrives: tip-offs are checked on site first, the rest judged at once. */
const report = compileDefinition(
  definitionSchema.parse({
    key: "report",
    name: "Report",
    initial: "intake",
    states: {
      intake: {
        always: [
          { target: "check", guard: 'vars.source = "tip"', label: "举报须先核实" },
          { target: "judge" },
        ],
      },
      check: {
        task: { name: "Check", outcomes: [{ event: "CHECKED", label: "Checked" }] },
        on: { CHECKED: "judge" },
      },
      judge: {
        task: { name: "Judge", outcomes: [{ event: "NUDGE", label: "Nudge" }] },
        // Closes by itself once the amount is known to be small.
        always: { target: "closed", guard: "vars.amount != null and vars.amount < 100" },
        on: { NUDGE: {} },
      },
      closed: { type: "final" },
    },
  }),
);

const tasksOpened = (result: StepResult) =>
  result.actions.flatMap((a) => (a.type === "enter" && a.task ? [a.task.name] : []));

describe("automatic transitions (always)", () => {
  it("are taken at the start, the first whose guard holds", () => {
    const tip = initialStep(report, { source: "tip" }, meta);
    expect(tip.activeStates).toEqual(["check"]);
    expect(tasksOpened(tip)).toEqual(["Check"]);
    const other = initialStep(report, { source: "inspection" }, meta);
    expect(other.activeStates).toEqual(["judge"]);
    expect(tasksOpened(other)).toEqual(["Judge"]);
  });

  it("say where the change moved by itself and why", () => {
    const tip = initialStep(report, { source: "tip" }, meta);
    expect(automaticMoves(report, [], tip.actions, tip.activeStates)).toEqual({
      reached: ["intake"],
      moves: [{ from: ["intake"], to: ["check"], reason: "举报须先核实" }],
    });
    const other = initialStep(report, {}, meta);
    expect(automaticMoves(report, [], other.actions, other.activeStates).moves).toEqual([
      { from: ["intake"], to: ["judge"], reason: "自动流转" },
    ]);
  });

  it("are taken after an event, in the same step, and not while their guard is false", () => {
    const tip = initialStep(report, { source: "tip" }, meta);
    const checked = step(report, tip.snapshot, { type: "CHECKED" }, meta) as StepResult;
    expect(checked.activeStates).toEqual(["judge"]);
    const stays = step(report, checked.snapshot, { type: "NUDGE", data: { amount: 500 } }, meta);
    expect((stays as StepResult).activeStates).toEqual(["judge"]);
    const closes = step(report, checked.snapshot, { type: "NUDGE", data: { amount: 50 } }, meta);
    expect((closes as StepResult).activeStates).toEqual(["closed"]);
    expect((closes as StepResult).done).toBe(true);
    expect(automaticMoves(report, ["judge"], (closes as StepResult).actions, ["closed"])).toEqual({
      reached: ["judge"],
      moves: [{ from: ["judge"], to: ["closed"], reason: "自动流转" }],
    });
  });

  it("stop a loop that skipped validation instead of running for ever", () => {
    const looping = compileDefinition(
      definitionSchema.parse({
        key: "looping",
        name: "Looping",
        initial: "a",
        states: { a: { always: "b" }, b: { always: "a" } },
      }),
    );
    expect(() => initialStep(looping, {}, meta)).toThrow(ExpressionError);
  });
});
