/**
 * Problems with how an instance moves through the states (DESIGN.md §3): a
 * state that cannot be reached from the initial state, and a non-final state
 * with no way out.
 *
 * @example
 * ```ts
 * stateGraphProblems(readDefinitionOutline(json));
 * // [{ path: ["states", "archived"], message: '状态 "archived" 无法从初始状态到达' }]
 * ```
 */
import type { DefinitionOutline, OutlineState, OutlineTransition } from "./definition-outline.js";
import type { PathProblem } from "./format-path.js";
import { initialChild, statesByKey } from "./state-structure-problems.js";

export function stateGraphProblems(outline: DefinitionOutline): PathProblem[] {
  return [...unreachableStateProblems(outline), ...noWayOutProblems(outline)];
}

/** Ancestors from the top-level state down to the state itself. */
function lineage(state: OutlineState): OutlineState[] {
  const chain: OutlineState[] = [];
  for (let s: OutlineState | null = state; s; s = s.parent) chain.unshift(s);
  return chain;
}

function isWithin(state: OutlineState, ancestor: OutlineState): boolean {
  for (let s: OutlineState | null = state; s; s = s.parent) if (s === ancestor) return true;
  return false;
}

/** Inside a final state: already reported as a final state with `states`; checking its children again only adds noise. */
function insideFinal(state: OutlineState): boolean {
  for (let s = state.parent; s; s = s.parent) if (s.type === "final") return true;
  return false;
}

/** Whether the state can reach its own completion (a final child; every region complete), so that `onDone` can fire. */
function canComplete(state: OutlineState): boolean {
  if (state.type === "compound") return state.children.some((child) => child.type === "final");
  if (state.type === "parallel") {
    return (
      state.children.length > 0 && state.children.every((r) => r.type === "final" || canComplete(r))
    );
  }
  return false;
}

/**
 * Every state an instance can be in. Entering a state enters its ancestors, the
 * initial child of a compound state and every region of a parallel one. Where
 * an `initial` is missing or wrong (reported elsewhere), all children count as
 * entered so that one mistake gives one problem.
 */
function reachableStates(outline: DefinitionOutline): Set<OutlineState> {
  const byKey = statesByKey(outline);
  const reached = new Set<OutlineState>();
  const enteredByDefault = new Set<OutlineState>();
  const pending: OutlineTransition[] = [...outline.rootTransitions];

  const mark = (state: OutlineState) => {
    if (reached.has(state)) return;
    reached.add(state);
    const completes = canComplete(state);
    pending.push(...state.transitions.filter((t) => t.kind !== "onDone" || completes));
  };
  const enterByDefault = (state: OutlineState) => {
    if (enteredByDefault.has(state)) return;
    enteredByDefault.add(state);
    mark(state);
    const child = state.type === "compound" ? initialChild(state) : undefined;
    if (child) enterByDefault(child);
    else state.children.forEach(enterByDefault);
  };
  const enter = (target: OutlineState) => {
    const chain = lineage(target);
    chain.forEach((state, i) => {
      mark(state);
      const next = chain[i + 1];
      if (state.type === "parallel" && next) {
        for (const region of state.children) if (region !== next) enterByDefault(region);
      }
    });
    enterByDefault(target);
  };

  const initial =
    typeof outline.raw.initial === "string" ? byKey.get(outline.raw.initial) : undefined;
  if (initial) enter(initial);
  else outline.topLevel.forEach(enterByDefault);
  for (let transition = pending.pop(); transition; transition = pending.pop()) {
    const target = transition.target === undefined ? undefined : byKey.get(transition.target);
    if (target) enter(target);
  }
  return reached;
}

function unreachableStateProblems(outline: DefinitionOutline): PathProblem[] {
  const reached = reachableStates(outline);
  // Report the outermost unreachable state only: its children follow from it.
  return outline.states
    .filter((s) => !reached.has(s) && (!s.parent || reached.has(s.parent)) && !insideFinal(s))
    .map((s) => ({
      path: s.path,
      message:
        `状态 "${s.key}" 无法从初始状态到达` +
        (s.children.length > 0 ? "（其中的子状态也都无法到达）" : ""),
    }));
}

function noWayOutProblems(outline: DefinitionOutline): PathProblem[] {
  const byKey = statesByKey(outline);
  const targetOf = (t: OutlineTransition) =>
    t.target === undefined ? undefined : byKey.get(t.target);
  const leaves = (t: OutlineTransition) => t.kind !== "onDone" && t.target !== undefined;
  const rootExit = outline.rootTransitions.some((t) => t.target !== undefined);

  /** Another region of an enclosing parallel state can take the whole parallel state elsewhere. */
  const siblingRegionExit = (state: OutlineState): boolean => {
    const chain = lineage(state);
    return chain.some((parallel, i) => {
      const region = chain[i + 1];
      if (parallel.type !== "parallel" || !region) return false;
      return outline.states.some(
        (other) =>
          other !== parallel &&
          isWithin(other, parallel) &&
          !isWithin(other, region) &&
          other.transitions.some((t) => {
            const target = targetOf(t);
            return target !== undefined && !isWithin(target, parallel);
          }),
      );
    });
  };
  const exitAtOrAbove = (state: OutlineState): boolean =>
    rootExit || lineage(state).some((s) => s.transitions.some(leaves)) || siblingRegionExit(state);

  // A completed region waits for the others; whether the parallel state then moves on is its own check.
  const wayOutOnCompletion = (state: OutlineState): boolean =>
    state.parent?.type === "parallel" ||
    state.transitions.some((t) => t.kind === "onDone" && t.target !== undefined) ||
    exitAtOrAbove(state);

  const problems: PathProblem[] = [];
  for (const state of outline.states) {
    if (state.type === "final" || insideFinal(state)) continue;
    if (state.children.length === 0) {
      if (!exitAtOrAbove(state)) {
        problems.push({
          path: state.path,
          message: `状态 "${state.key}" 没有出路：它不是终态，也没有带目标的转移离开它、它的上级状态或整个流程`,
        });
      }
    } else if (canComplete(state) && !wayOutOnCompletion(state)) {
      problems.push({
        path: state.path,
        message: `状态 "${state.key}" 完成后无处可去：请设置“完成后转到”（\`onDone\`），或在它或上级状态上加一个带目标的转移`,
      });
    }
  }
  return problems;
}
