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
        message: `状态标识 "${state.key}" 已在 ${formatPath(first.path)} 使用；整个流程中的状态标识不能重复`,
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
        message: `目标 "${transition.target}" 不是已有的状态标识`,
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
  if (!state) return [{ path: ["initial"], message: `初始状态 "${initial}" 不是已有的状态标识` }];
  if (state.parent) {
    return [
      {
        path: ["initial"],
        message: `初始状态 "${initial}" 不是顶层状态（它在 ${formatPath(state.path)}）`,
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
    for (const field of ["states", "on", "after", "task", "onDone", "always"] as const) {
      if (raw[field] !== undefined) {
        problems.push({ path: at(field), message: `终态不能有 \`${field}\`` });
      }
    }
    return problems;
  }
  if (children.length === 0) {
    if (type === "compound" || type === "parallel") {
      const what = type === "compound" ? "复合状态需要子状态" : "并行状态至少需要一个子区域";
      problems.push({ path: at("states"), message: what });
    }
    if (initial !== undefined) {
      problems.push({
        path: at("initial"),
        message: "`initial`（初始子状态）只用于复合状态；此状态没有子状态",
      });
    }
    if (raw.onDone !== undefined && type === "atomic") {
      problems.push({
        path: at("onDone"),
        message: "`onDone`（完成后转到）只用于复合或并行状态",
      });
    }
    return problems;
  }
  if (type === "atomic") {
    problems.push({
      path: at("type"),
      message: "普通状态不能有子状态（请把类型改为复合或并行）",
    });
  } else if (type === "parallel") {
    if (initial !== undefined) {
      problems.push({
        path: at("initial"),
        message: "并行状态同时进入所有子区域，不能有 `initial`",
      });
    }
  } else if (initial === undefined) {
    problems.push({
      path: at("initial"),
      message: "复合状态需要用 `initial` 指定一个子状态作为初始子状态",
    });
  } else if (typeof initial === "string" && !children.some((child) => child.key === initial)) {
    const names = children.map((child) => `"${child.key}"`).join("、");
    problems.push({
      path: at("initial"),
      message: `初始子状态 "${initial}" 不是此状态的子状态（可选：${names}）`,
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
        message: `办理结果的事件 "${outcome.event}" 在此任务中出现了两次`,
      });
      continue;
    }
    seen.add(outcome.event);
    if (!handles(outline, state, outcome.event)) {
      problems.push({
        path: outcome.path,
        message: `没有转移处理办理结果的事件 "${outcome.event}"（请在此状态、它的上级或下级状态、或整个流程的 \`on\` 中添加）`,
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
