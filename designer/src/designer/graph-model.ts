/**
 * The definition as a React Flow graph: a node per state (compound and parallel states
 * are groups holding their children), transitions as labelled edges, timers as dashed
 * edges with their delay. Positions come from the draft's layout, beside the definition.
 */
import { MarkerType } from "@xyflow/react";
import type { Edge, Node } from "@xyflow/react";
import type { Definition, StateNodeSpec, Transition } from "../../../engine/definition/schema.js";
import { guardExpression } from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import type { StateEntry } from "../../../engine/definition/walk-states.js";
import type { DesignerLayout } from "../api/types.js";
import { describeDuration } from "../components/format.js";
import { eventLabel } from "../components/history-words.js";
import { placeEdgeLabels, type Box, type LabelRequest } from "./edge-labels.js";

export interface StateNodeData extends Record<string, unknown> {
  stateKey: string;
  label: string;
  type: StateEntry["type"];
  initial: boolean;
  taskName: string | null;
  taskGroups: string | null;
  taskDue: string | null;
  /** Events handled without leaving the state. */
  internalEvents: string[];
  active: boolean;
  visited: boolean;
  hasProblem: boolean;
}

export type EdgeKind = "on" | "after" | "onDone" | "always";

export interface TransitionEdgeData extends Record<string, unknown> {
  kind: EdgeKind;
  source: string;
  event: string;
  index: number;
  guard: string | null;
  /** Everything about the line in words, for a tooltip: event key, guard. */
  detail?: string;
  /** Where the label moves from the line's middle so that it overlaps nothing. */
  labelShift?: { dx: number; dy: number };
  /** For a line going back (leftwards): the height of its run below the states. */
  detourY?: number;
}

export type StateFlowNode = Node<StateNodeData>;
export type TransitionFlowEdge = Edge<TransitionEdgeData>;

export const NODE_WIDTH = 190;
export const GROUP_PADDING = 24;
export const GROUP_HEADER = 44;

/** The size a state node is drawn at (groups are sized around their children). */
export function leafSize(
  node: StateNodeSpec,
  type: StateEntry["type"],
): { width: number; height: number } {
  if (type === "final") return { width: 150, height: 50 };
  return { width: NODE_WIDTH, height: node.task ? 96 : 60 };
}

export function edgeId(kind: EdgeKind, source: string, event: string, index: number): string {
  return `${source}::${kind}::${event}::${index}`;
}

export function parseEdgeId(id: string): TransitionEdgeData | null {
  const [source, kind, event, index] = id.split("::");
  if (!source || !kind || event === undefined || index === undefined) return null;
  if (kind !== "on" && kind !== "after" && kind !== "onDone" && kind !== "always") return null;
  return { source, kind, event, index: Number(index), guard: null };
}

export interface GraphOptions {
  layout: DesignerLayout;
  selectedId?: string | null;
  activeStates?: string[];
  visitedStates?: string[];
  problemStates?: Set<string>;
  /** Group key → name, to show candidate groups by name. */
  groupNames?: Readonly<Record<string, string>>;
}

/**
 * A task's candidate groups in words: each fixed group by its name (its key when it has
 * none); a group a FEEL expression picks per case (`"enterprise-" + vars.enterpriseId`)
 * as 按公式确定 — the expression itself is in the state's panel.
 */
function groupsText(groups: unknown, names: Readonly<Record<string, string>>): string | null {
  const one = (g: unknown) => (typeof g === "string" ? (names[g] ?? g) : "按公式确定");
  if (Array.isArray(groups)) return groups.map(one).join("、");
  if (groups && typeof groups === "object" && "expr" in groups) return one(groups);
  return null;
}

/** Active leaf states light their ancestors too. */
function withAncestors(states: StateEntry[], keys: string[]): Set<string> {
  const parents = new Map(states.map((s) => [s.key, s.parentKey]));
  const result = new Set<string>();
  for (const key of keys) {
    let current: string | null | undefined = key;
    while (current) {
      result.add(current);
      current = parents.get(current);
    }
  }
  return result;
}

export function buildGraph(
  definition: Definition,
  options: GraphOptions,
): { nodes: StateFlowNode[]; edges: TransitionFlowEdge[] } {
  const states = walkStates({ states: definition.states ?? {} });
  const active = withAncestors(states, options.activeStates ?? []);
  const visited = new Set(options.visitedStates ?? []);
  const keys = new Set(states.map((s) => s.key));
  const sizes = computeSizes(states, options.layout);
  const initials = new Set<string>([definition.initial]);
  for (const s of states) if (s.node.initial) initials.add(s.node.initial);

  const nodes: StateFlowNode[] = states.map((s) => {
    const isGroup = s.type === "compound" || s.type === "parallel";
    const size = sizes.get(s.key) ?? leafSize(s.node, s.type);
    const internalEvents = Object.entries(s.node.on ?? {})
      .filter(([, spec]) => transitionsOf(spec).some((t) => !t.target))
      .map(([event]) => eventLabel(definition, event, [s.key]) ?? event);
    return {
      id: s.key,
      type: isGroup ? "group-state" : "state",
      position: positionOf(options.layout, s, states),
      parentId: s.parentKey ?? undefined,
      selected: options.selectedId === s.key,
      width: size.width,
      height: size.height,
      style: isGroup ? { width: size.width, height: size.height } : { width: size.width },
      data: {
        stateKey: s.key,
        label: s.node.label ?? s.key,
        type: s.type,
        initial: initials.has(s.key),
        taskName: s.node.task?.name ?? null,
        taskGroups: groupsText(s.node.task?.candidateGroups, options.groupNames ?? {}),
        taskDue: s.node.task?.due ? describeDuration(s.node.task.due) : null,
        internalEvents,
        active: active.has(s.key),
        visited: visited.has(s.key),
        hasProblem: options.problemStates?.has(s.key) ?? false,
      },
    };
  });

  const edges: TransitionFlowEdge[] = [];
  const requests: LabelRequest[] = [];
  const boxes = absoluteBoxes(nodes);
  let backLines = 0;
  const push = (
    kind: EdgeKind,
    source: string,
    event: string,
    index: number,
    t: Transition,
    label: string,
  ) => {
    if (!t.target || !keys.has(t.target)) return;
    const id = edgeId(kind, source, event, index);
    const guard = t.guard === undefined ? null : guardExpression(t.guard);
    const text = shorten(guard ? `${label}（有条件）` : label, 18);
    const from = boxes.get(source);
    const to = boxes.get(t.target);
    // A line going back would run over the lines going forward: it runs below both states.
    const detourY =
      from && to && to.x < from.x + from.width && t.target !== source
        ? Math.max(from.y + from.height, to.y + to.height) + 34 + (backLines++ % 3) * 24
        : undefined;
    requests.push({
      id,
      source,
      target: t.target,
      text,
      anchor:
        detourY !== undefined && from && to
          ? { x: (from.x + from.width + to.x) / 2, y: detourY }
          : undefined,
    });
    edges.push({
      id,
      type: "transition",
      source,
      target: t.target,
      label: text,
      selected: options.selectedId === id,
      animated: kind === "after" && active.has(source),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      className: `edge-${kind}`,
      style: kind === "after" ? { strokeDasharray: "6 4" } : undefined,
      labelBgPadding: [4, 2],
      labelBgBorderRadius: 4,
      data: {
        kind,
        source,
        event,
        index,
        guard,
        detourY,
        detail: [
          kind === "on" ? event : kind === "always" && t.label ? `自动：${t.label}` : label,
          guard ? `条件：${guard}` : "",
        ]
          .filter(Boolean)
          .join("\n"),
      },
    });
  };
  const anyOutcome = new Map<string, string>();
  for (const s of states)
    for (const o of s.node.task?.outcomes ?? [])
      if (!anyOutcome.has(o.event)) anyOutcome.set(o.event, o.label);
  for (const s of states) {
    const outcomeLabels = new Map((s.node.task?.outcomes ?? []).map((o) => [o.event, o.label]));
    // An event a task elsewhere sends (one track of a parallel state ending another's).
    const named = (event: string) =>
      eventLabel(definition, event, [s.key]) ?? anyOutcome.get(event);
    for (const [event, spec] of Object.entries(s.node.on ?? {})) {
      transitionsOf(spec).forEach((t, i) =>
        push(
          "on",
          s.key,
          event,
          i,
          t,
          outcomeLabels.get(event) ?? t.label ?? named(event) ?? event,
        ),
      );
    }
    (s.node.after ?? []).forEach((entry, i) =>
      push("after", s.key, "after", i, entry, `⏱ ${describeDuration(entry.delay)}`),
    );
    transitionsOf(s.node.onDone).forEach((t, i) => push("onDone", s.key, "onDone", i, t, "完成后"));
    // 自动流转: taken without an event as soon as the state is entered and its guard holds.
    transitionsOf(s.node.always).forEach((t, i) => push("always", s.key, "always", i, t, "自动"));
  }
  const shifts = placeEdgeLabels(boxes, requests);
  for (const edge of edges) if (edge.data) edge.data.labelShift = shifts.get(edge.id);
  return { nodes, edges };
}

/** Each node's box on the canvas (a child's position is relative to its parent). */
function absoluteBoxes(nodes: StateFlowNode[]): Map<string, Box> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const boxes = new Map<string, Box>();
  for (const node of nodes) {
    let x = node.position.x;
    let y = node.position.y;
    for (let p = node.parentId ? byId.get(node.parentId) : undefined; p;) {
      x += p.position.x;
      y += p.position.y;
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    const obstacle = node.type !== "group-state";
    boxes.set(node.id, {
      x,
      y,
      width: node.width ?? NODE_WIDTH,
      height: node.height ?? 60,
      obstacle,
    });
  }
  return boxes;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A saved position, or a spot below the siblings for a state the layout does not know yet. */
function positionOf(
  layout: DesignerLayout,
  state: StateEntry,
  states: StateEntry[],
): { x: number; y: number } {
  const saved = layout.positions[state.key];
  if (saved) return saved;
  const siblings = states.filter((s) => s.parentKey === state.parentKey);
  const placed = siblings
    .map((s) => layout.positions[s.key])
    .filter((p): p is { x: number; y: number } => Boolean(p));
  const top = state.parentKey ? GROUP_HEADER : 0;
  const bottom = placed.length ? Math.max(...placed.map((p) => p.y)) + 130 : top;
  const order = siblings.filter((s) => !layout.positions[s.key]).indexOf(state);
  return {
    x: (state.parentKey ? GROUP_PADDING : 0) + Math.max(order, 0) * (NODE_WIDTH + 40),
    y: bottom,
  };
}

/** Group sizes fitted around their children, innermost first. */
export function computeSizes(
  states: StateEntry[],
  layout: DesignerLayout,
): Map<string, { width: number; height: number }> {
  const sizes = new Map<string, { width: number; height: number }>();
  const deepestFirst = [...states].sort((a, b) => b.depth - a.depth);
  for (const s of deepestFirst) {
    if (s.type !== "compound" && s.type !== "parallel") {
      sizes.set(s.key, leafSize(s.node, s.type));
      continue;
    }
    let width = 240;
    let height = 130;
    for (const child of states.filter((c) => c.parentKey === s.key)) {
      const position = layout.positions[child.key] ?? positionOf(layout, child, states);
      const size = sizes.get(child.key) ?? leafSize(child.node, child.type);
      width = Math.max(width, position.x + size.width + GROUP_PADDING);
      height = Math.max(height, position.y + size.height + GROUP_PADDING);
    }
    sizes.set(s.key, { width, height });
  }
  return sizes;
}
