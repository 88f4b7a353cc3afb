import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate.js";

const problemsOf = (states: Record<string, unknown>, initial = "a") =>
  validateDefinition({ key: "routing", name: "Routing", initial, states }).problems.map(
    (p) => `${p.path}: ${p.message}`,
  );

describe("automatic transitions (always) in validation", () => {
  it("accepts a routing state whose automatic transitions lead to states that wait", () => {
    const result = validateDefinition({
      key: "routing",
      name: "Routing",
      initial: "intake",
      states: {
        intake: {
          always: [
            { target: "check", guard: 'vars.source = "tip"', label: "举报须先核实" },
            { target: "judge" },
          ],
        },
        check: { on: { CHECKED: "judge" } },
        judge: { on: { DONE: "closed" }, always: { target: "closed", guard: "vars.small" } },
        closed: { type: "final" },
      },
    });
    expect(result.problems).toEqual([]);
  });

  it("refuses a loop of automatic transitions, guarded or not, and names it", () => {
    expect(
      problemsOf({
        a: { always: [{ target: "b", guard: "vars.x > 1" }] },
        b: { always: "c" },
        c: { always: { target: "a" }, on: { STOP: "end" } },
        end: { type: "final" },
      }),
    ).toEqual([
      "states.a.always: 自动流转形成循环：a → b → c → a（循环中须有等待事件或任务的状态，否则会无限流转）",
    ]);
  });

  it("refuses a state whose automatic transition targets itself or its own child", () => {
    const problems = problemsOf({
      a: { always: { target: "a", guard: "vars.again" }, on: { GO: "p" } },
      p: {
        initial: "inner",
        always: "inner",
        states: { inner: { on: { DONE: "end" } } },
      },
      end: { type: "final" },
    });
    expect(problems).toEqual([
      "states.a.always: 自动流转形成循环：a → a（循环中须有等待事件或任务的状态，否则会无限流转）",
      "states.p.always: 自动流转形成循环：p → p（循环中须有等待事件或任务的状态，否则会无限流转）",
    ]);
  });

  it("refuses an automatic transition without a target, an unknown target, and one on a final state", () => {
    const problems = problemsOf({
      a: {
        always: [{ guard: "vars.x", assign: { y: "1" } }, { target: "nowhere" }],
        on: { GO: "end" },
      },
      end: { type: "final", always: "a" },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "states.a.always[0].target: 自动流转须有目标状态（没有目标的自动流转会反复执行）",
        'states.a.always[1].target: 目标 "nowhere" 不是已有的状态标识',
        "states.end.always: 终态不能有 `always`",
      ]),
    );
  });

  it("counts a state reached only by an automatic transition as reachable", () => {
    const problems = problemsOf({
      a: { always: "b" },
      b: { on: { GO: "end" } },
      end: { type: "final" },
    });
    expect(problems).toEqual([]);
  });
});
