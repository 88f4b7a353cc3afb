/**
 * Problems with automatic transitions (`always`, 自动流转): each needs a target, and
 * no chain of them may come back to where it began, since nothing (no event, no task)
 * would stop it. A guard does not count as a way out: whether it holds depends on the
 * instance's data, so a loop that a guard might break is still refused.
 *
 * @example
 * ```ts
 * automaticTransitionProblems(readDefinitionOutline(json));
 * // [{ path: ["states", "a", "always"], message: "自动流转形成循环：a → b → a（…）" }]
 * ```
 */
import type { DefinitionOutline, OutlineState } from "./definition-outline.js";
import type { PathProblem } from "./format-path.js";
import { initialChild, statesByKey } from "./state-structure-problems.js";

export function automaticTransitionProblems(outline: DefinitionOutline): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const state of outline.states)
    for (const t of state.transitions)
      if (t.kind === "always" && t.target === undefined)
        problems.push({
          path: t.targetPath,
          message: "自动流转须有目标状态（没有目标的自动流转会反复执行）",
        });
  return [...problems, ...loopProblems(outline)];
}

/** The states whose automatic transitions are checked again after entering `target`. */
function checkedAfterEntering(target: OutlineState): OutlineState[] {
  const states: OutlineState[] = [];
  for (let s: OutlineState | null = target; s; s = s.parent) states.push(s);
  const enterByDefault = (state: OutlineState) => {
    const child = state.type === "compound" ? initialChild(state) : undefined;
    const children = state.type === "parallel" ? state.children : child ? [child] : [];
    for (const c of children) {
      states.push(c);
      enterByDefault(c);
    }
  };
  enterByDefault(target);
  return states;
}

function loopProblems(outline: DefinitionOutline): PathProblem[] {
  const byKey = statesByKey(outline);
  const next = new Map<OutlineState, OutlineState[]>();
  for (const state of outline.states) {
    const targets = state.transitions.flatMap((t) => {
      const target =
        t.kind === "always" && t.target !== undefined ? byKey.get(t.target) : undefined;
      return target ? checkedAfterEntering(target) : [];
    });
    if (targets.length > 0) next.set(state, targets);
  }

  const problems: PathProblem[] = [];
  const reported = new Set<string>();
  const done = new Set<OutlineState>();
  const stack: OutlineState[] = [];
  const visit = (state: OutlineState) => {
    if (done.has(state)) return;
    const at = stack.indexOf(state);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const id = cycle
        .map((s) => s.key)
        .sort()
        .join(" ");
      if (reported.has(id)) return;
      reported.add(id);
      problems.push({
        path: [...state.path, "always"],
        message: `自动流转形成循环：${[...cycle, state].map((s) => s.key).join(" → ")}（循环中须有等待事件或任务的状态，否则会无限流转）`,
      });
      return;
    }
    stack.push(state);
    for (const target of next.get(state) ?? []) if (next.has(target)) visit(target);
    stack.pop();
    done.add(state);
  };
  for (const state of next.keys()) visit(state);
  return problems;
}
