/**
 * Problems with the shape of the state tree (DESIGN.md §3): duplicate state
 * keys, unknown targets, `initial` states, what each state type may hold, and
 * task outcomes that no transition handles.
 *
 * @example
 * ```ts
 * const outline = readDefinitionOutline(json);
 * stateStructureProblems(outline); // [{ path: ["states", "a", "on", "GO"], message: "…" }]
 * ```
 */
import type { DefinitionOutline, OutlineState } from "./definition-outline.js";
import { formatPath, type PathProblem } from "./format-path.js";

/** The first state with each key (later duplicates are reported, and resolve to the first). */
export function statesByKey(outline: DefinitionOutline): Map<string, OutlineState> {
  const byKey = new Map<string, OutlineState>();
  for (const state of outline.states) if (!byKey.has(state.key)) byKey.set(state.key, state);
  return byKey;
}

export function stateStructureProblems(outline: DefinitionOutline): PathProblem[] {
  const problems: PathProblem[] = [];
  const byKey = statesByKey(outline);

  for (const state of outline.states) {
    const first = byKey.get(state.key);
    if (first && first !== state) {
      problems.push({
        path: state.path,
        message: `state key "${state.key}" is already used at ${formatPath(first.path)}; state keys must be unique across the whole definition`,
      });
    }
  }

  const allTransitions = [
    ...outline.rootTransitions,
    ...outline.states.flatMap((s) => s.transitions),
  ];
  for (const transition of allTransitions) {
    if (transition.target !== undefined && !byKey.has(transition.target)) {
      problems.push({
        path: transition.targetPath,
        message: `target "${transition.target}" is not a state key`,
      });
    }
  }

  problems.push(...rootInitialProblems(outline, byKey));
  for (const state of outline.states) problems.push(...stateShapeProblems(state));
  for (const state of outline.states) problems.push(...outcomeProblems(outline, state));
  return problems;
}

function rootInitialProblems(
  outline: DefinitionOutline,
  byKey: Map<string, OutlineState>,
): PathProblem[] {
  const initial = outline.raw.initial;
  if (typeof initial !== "string" || initial === "") return []; // the schema reports it
  const state = byKey.get(initial);
  if (!state)
    return [{ path: ["initial"], message: `initial state "${initial}" is not a state key` }];
  if (state.parent) {
    return [
      {
        path: ["initial"],
        message: `initial state "${initial}" is not a top-level state (it is at ${formatPath(state.path)})`,
      },
    ];
  }
  return [];
}

/** What a state of each type must and must not hold. */
function stateShapeProblems(state: OutlineState): PathProblem[] {
  const problems: PathProblem[] = [];
  const { raw, path, type, children } = state;
  const initial = raw.initial;
  const at = (...rest: string[]) => [...path, ...rest];

  if (type === "final") {
    for (const field of ["states", "on", "after", "task", "onDone"] as const) {
      if (raw[field] !== undefined) {
        problems.push({ path: at(field), message: `a final state cannot have \`${field}\`` });
      }
    }
    return problems;
  }
  if (children.length === 0) {
    if (type === "compound" || type === "parallel") {
      const what = type === "compound" ? "child states" : "at least one child region";
      problems.push({ path: at("states"), message: `a ${type} state needs ${what}` });
    }
    if (initial !== undefined) {
      problems.push({
        path: at("initial"),
        message: "`initial` is only for a compound state; this state has no child states",
      });
    }
    if (raw.onDone !== undefined && type === "atomic") {
      problems.push({
        path: at("onDone"),
        message: "`onDone` is only for a compound or parallel state",
      });
    }
    return problems;
  }
  if (type === "atomic") {
    problems.push({
      path: at("type"),
      message: "an atomic state cannot have child states (use compound or parallel)",
    });
  } else if (type === "parallel") {
    if (initial !== undefined) {
      problems.push({
        path: at("initial"),
        message: "a parallel state enters all its regions; it has no `initial`",
      });
    }
  } else if (initial === undefined) {
    problems.push({
      path: at("initial"),
      message: "a compound state needs `initial` naming one of its child states",
    });
  } else if (typeof initial === "string" && !children.some((child) => child.key === initial)) {
    const names = children.map((child) => `"${child.key}"`).join(", ");
    problems.push({
      path: at("initial"),
      message: `initial state "${initial}" is not a child of this state (one of ${names})`,
    });
  }
  return problems;
}

/** Each outcome event must be handled by the task's state, an ancestor, a descendant or the root; no duplicates. */
function outcomeProblems(outline: DefinitionOutline, state: OutlineState): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const outcome of state.outcomes) {
    if (seen.has(outcome.event)) {
      problems.push({
        path: outcome.path,
        message: `outcome event "${outcome.event}" appears twice in this task`,
      });
      continue;
    }
    seen.add(outcome.event);
    if (!handles(outline, state, outcome.event)) {
      problems.push({
        path: outcome.path,
        message: `no transition handles outcome event "${outcome.event}" (add it to \`on\` of this state, an enclosing or nested state, or the root)`,
      });
    }
  }
  return problems;
}

function handles(outline: DefinitionOutline, state: OutlineState, event: string): boolean {
  if (outline.rootHandledEvents.has(event)) return true;
  for (let s: OutlineState | null = state; s; s = s.parent)
    if (s.handledEvents.has(event)) return true;
  const inSubtree = (s: OutlineState): boolean =>
    s.children.some((child) => child.handledEvents.has(event) || inSubtree(child));
  return inSubtree(state);
}

/** The state's `initial` child, when it names one. */
export function initialChild(state: OutlineState): OutlineState | undefined {
  const initial = state.raw.initial;
  return typeof initial === "string"
    ? state.children.find((child) => child.key === initial)
    : undefined;
}
