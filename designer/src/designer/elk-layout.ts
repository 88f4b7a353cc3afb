/**
 * Automatic layout with elkjs (layered, left to right), used when a process is first
 * opened in the designer. Compound and parallel states are laid out with their children.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { Definition } from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import type { StateEntry } from "../../../engine/definition/walk-states.js";
import type { DesignerLayout } from "../api/types.js";
import { GROUP_HEADER, GROUP_PADDING, leafSize } from "./graph-model.js";

type ElkConstructor = new () => { layout(graph: ElkNode): Promise<ElkNode> };

let elk: Promise<ElkConstructor> | null = null;

/** elkjs is large (1.5 MB): loaded on first use. It is CommonJS, so the constructor is the module or its default. */
function loadElk(): Promise<ElkConstructor> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((module) => {
    const loaded = module as unknown as { default?: ElkConstructor & { default?: ElkConstructor } };
    return (loaded.default?.default ?? loaded.default ?? loaded) as ElkConstructor;
  });
  return elk;
}

/** Targets of a state's transitions, timers, onDone and automatic transitions. */
function targetsOf(node: StateEntry["node"]): string[] {
  return [
    ...Object.values(node.on ?? {}).flatMap((spec) => transitionsOf(spec)),
    ...(node.after ?? []),
    ...transitionsOf(node.onDone),
    ...transitionsOf(node.always),
  ]
    .map((t) => t.target)
    .filter((t): t is string => typeof t === "string");
}

/**
 * States in the order a case reaches them (depth first from the initial state, final
 * states last). The stored definition's key order cannot be relied on: PostgreSQL's
 * jsonb sorts object keys.
 */
function inReachOrder(definition: Definition, states: StateEntry[]): StateEntry[] {
  const byKey = new Map(states.map((s) => [s.key, s]));
  const rank = new Map<string, number>();
  const visit = (key: string | undefined) => {
    const entry = key ? byKey.get(key) : undefined;
    if (!entry || rank.has(entry.key)) return;
    rank.set(entry.key, rank.size);
    if (entry.node.initial) visit(entry.node.initial);
    for (const child of Object.keys(entry.node.states ?? {})) visit(child);
    const targets = targetsOf(entry.node);
    // Visit non-final targets first, so that the main path is laid out before the exits.
    targets.sort(
      (a, b) => Number(byKey.get(a)?.type === "final") - Number(byKey.get(b)?.type === "final"),
    );
    for (const target of targets) visit(target);
  };
  visit(definition.initial);
  const order = (s: StateEntry) => rank.get(s.key) ?? rank.size + states.indexOf(s);
  return [...states].sort((a, b) => order(a) - order(b));
}

export async function layoutDefinition(definition: Definition): Promise<DesignerLayout> {
  const states = inReachOrder(definition, walkStates({ states: definition.states ?? {} }));
  const keys = new Set(states.map((s) => s.key));
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "__root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.layered.spacing.nodeNodeBetweenLayers": "120",
      "elk.spacing.nodeNode": "50",
      "elk.spacing.edgeLabel": "8",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      // Back edges (rejections, failed acceptance) are the ones that close a cycle on the
      // path from the initial state; nodes are given in the order a case reaches them.
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: [],
    edges: [],
  };
  for (const s of states) {
    const isGroup = s.type === "compound" || s.type === "parallel";
    const size = leafSize(s.node, s.type);
    const node: ElkNode = isGroup
      ? {
          id: s.key,
          children: [],
          layoutOptions: {
            "elk.padding": `[top=${GROUP_HEADER + 8},left=${GROUP_PADDING},bottom=${GROUP_PADDING},right=${GROUP_PADDING}]`,
            "elk.direction": s.type === "parallel" ? "DOWN" : "RIGHT",
          },
        }
      : { id: s.key, width: size.width, height: size.height };
    elkNodes.set(s.key, node);
    const parent = s.parentKey ? elkNodes.get(s.parentKey) : root;
    (parent?.children ?? root.children)?.push(node);
  }
  const edges: ElkExtendedEdge[] = [];
  for (const s of states) {
    const targets = targetsOf(s.node).filter((t) => keys.has(t) && t !== s.key);
    targets.forEach((target, i) =>
      edges.push({ id: `${s.key}-${i}-${target}`, sources: [s.key], targets: [target] }),
    );
  }
  root.edges = edges;
  const ElkClass = await loadElk();
  const result = await new ElkClass().layout(root);
  const positions: DesignerLayout["positions"] = {};
  const collect = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
      collect(child);
    }
  };
  collect(result);
  return { positions };
}
