/**
 * Pure edits of a definition, each returning a new copy: add, rename, delete and nest
 * states; add, change and remove transitions and timers. The designer's undo history
 * holds the results.
 */
import type {
  AfterEntry,
  Definition,
  StateNodeSpec,
  Transition,
  TransitionSpec,
} from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import type { EdgeKind } from "./graph-model.js";

export interface TransitionRef {
  kind: EdgeKind;
  source: string;
  event: string;
  index: number;
}

type StateMap = Record<string, StateNodeSpec>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function allStateKeys(definition: Definition): string[] {
  return walkStates({ states: definition.states ?? {} }).map((s) => s.key);
}

/** The `states` record that holds `key`, and the state enclosing it (null at the top). */
export function containerOf(
  definition: Definition,
  key: string,
): { states: StateMap; parent: StateNodeSpec | null } | null {
  const search = (
    states: StateMap,
    parent: StateNodeSpec | null,
  ): { states: StateMap; parent: StateNodeSpec | null } | null => {
    if (key in states) return { states, parent };
    for (const node of Object.values(states)) {
      if (node.states) {
        const found = search(node.states, node);
        if (found) return found;
      }
    }
    return null;
  };
  return search(definition.states ?? {}, null);
}

export function findState(definition: Definition, key: string): StateNodeSpec | null {
  return containerOf(definition, key)?.states[key] ?? null;
}

export function uniqueStateKey(definition: Definition, base = "state"): string {
  const keys = new Set(allStateKeys(definition));
  for (let n = 1; ; n++) if (!keys.has(`${base}${n}`)) return `${base}${n}`;
}

export function addState(
  definition: Definition,
  parentKey: string | null,
  key: string,
  node: StateNodeSpec,
): Definition {
  const next = clone(definition);
  next.states ??= {};
  if (parentKey === null) {
    next.states[key] = node;
    return next;
  }
  const parent = findState(next, parentKey);
  if (!parent) return next;
  if (!parent.type || parent.type === "atomic") parent.type = "compound";
  parent.states ??= {};
  parent.states[key] = node;
  if (parent.type === "compound" && !parent.initial) parent.initial = key;
  return next;
}

export function updateState(
  definition: Definition,
  key: string,
  change: (node: StateNodeSpec) => void,
): Definition {
  const next = clone(definition);
  const node = findState(next, key);
  if (node) change(node);
  return next;
}

/** Every transition in the definition (root `on` included), for rewriting targets. */
function everyTransition(definition: Definition): Transition[] {
  const list: Transition[] = [];
  const fromSpec = (spec: TransitionSpec | undefined) => {
    if (spec && typeof spec !== "string") list.push(...(Array.isArray(spec) ? spec : [spec]));
  };
  for (const spec of Object.values(definition.on ?? {})) fromSpec(spec);
  for (const s of walkStates({ states: definition.states ?? {} })) {
    for (const spec of Object.values(s.node.on ?? {})) fromSpec(spec);
    fromSpec(s.node.onDone);
    fromSpec(s.node.always);
    list.push(...(s.node.after ?? []));
  }
  return list;
}

function retargetStrings(on: Record<string, TransitionSpec> | undefined, from: string, to: string) {
  if (!on) return;
  for (const [event, spec] of Object.entries(on)) if (spec === from) on[event] = to;
}

export function renameState(definition: Definition, from: string, to: string): Definition {
  if (from === to) return definition;
  const next = clone(definition);
  const place = containerOf(next, from);
  if (!place) return next;
  // Keep the order of keys: rebuild the container.
  const entries = Object.entries(place.states).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(place.states)) delete place.states[k];
  for (const [k, v] of entries) place.states[k] = v;
  if (next.initial === from) next.initial = to;
  retargetStrings(next.on, from, to);
  for (const s of walkStates({ states: next.states ?? {} })) {
    if (s.node.initial === from) s.node.initial = to;
    retargetStrings(s.node.on, from, to);
    if (s.node.onDone === from) s.node.onDone = to;
    if (s.node.always === from) s.node.always = to;
  }
  for (const t of everyTransition(next)) if (t.target === from) t.target = to;
  return next;
}

/** Removes a state and its children; transitions into it stay, so validation points them out. */
export function deleteState(definition: Definition, key: string): Definition {
  const next = clone(definition);
  const place = containerOf(next, key);
  if (place) delete place.states[key];
  return next;
}

/** Moves a state into another compound or parallel state, or to the top level (null). */
export function moveState(
  definition: Definition,
  key: string,
  newParent: string | null,
): Definition {
  const node = findState(definition, key);
  if (!node || newParent === key) return definition;
  if (newParent && walkStates({ states: node.states ?? {} }).some((s) => s.key === newParent))
    return definition;
  const removed = deleteState(definition, key);
  return addState(removed, newParent, key, clone(node));
}

export function uniqueEvent(node: StateNodeSpec, base = "NEW_EVENT"): string {
  const taken = new Set(Object.keys(node.on ?? {}));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

export function addTransition(
  definition: Definition,
  source: string,
  target: string,
): { definition: Definition; ref: TransitionRef } {
  const next = clone(definition);
  const node = findState(next, source);
  if (!node) return { definition, ref: { kind: "on", source, event: "", index: 0 } };
  const event = uniqueEvent(node);
  node.on = { ...(node.on ?? {}), [event]: { target } };
  return { definition: next, ref: { kind: "on", source, event, index: 0 } };
}

export function getTransition(
  definition: Definition,
  ref: TransitionRef,
): Transition | AfterEntry | null {
  const node = findState(definition, ref.source);
  if (!node) return null;
  if (ref.kind === "after") return node.after?.[ref.index] ?? null;
  return transitionsOf(specOf(node, ref))[ref.index] ?? null;
}

/** The transitions a ref points into: an `on` entry, `onDone` or `always`. */
function specOf(node: StateNodeSpec, ref: TransitionRef): TransitionSpec | undefined {
  if (ref.kind === "onDone" || ref.kind === "always") return node[ref.kind];
  return node.on?.[ref.event];
}

/** Adds an automatic transition (自动流转) from `source` to `target`, after its others. */
export function addAutomaticTransition(
  definition: Definition,
  source: string,
  target: string,
): { definition: Definition; ref: TransitionRef } {
  const next = clone(definition);
  const node = findState(next, source);
  if (!node) return { definition, ref: { kind: "always", source, event: "always", index: 0 } };
  const list = [...transitionsOf(node.always), { target }];
  node.always = compact(list);
  return {
    definition: next,
    ref: { kind: "always", source, event: "always", index: list.length - 1 },
  };
}

/** Writes a normalised list back in the shortest form that keeps its meaning. */
function compact(list: Transition[]): TransitionSpec | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return list;
}

export function updateTransition(
  definition: Definition,
  ref: TransitionRef,
  change: (t: Transition & Partial<AfterEntry>) => void,
): Definition {
  const next = clone(definition);
  const node = findState(next, ref.source);
  if (!node) return definition;
  if (ref.kind === "after") {
    const entry = node.after?.[ref.index];
    if (entry) change(entry);
    return next;
  }
  const list = transitionsOf(specOf(node, ref)).map((t) => ({ ...t }));
  const item = list[ref.index];
  if (!item) return definition;
  change(item);
  for (const t of list)
    for (const k of Object.keys(t) as (keyof Transition)[])
      if (t[k] === undefined || t[k] === "") delete t[k];
  if (ref.kind === "onDone" || ref.kind === "always") node[ref.kind] = compact(list);
  else node.on = { ...node.on, [ref.event]: compact(list) ?? {} };
  return next;
}

export function deleteTransition(definition: Definition, ref: TransitionRef): Definition {
  const next = clone(definition);
  const node = findState(next, ref.source);
  if (!node) return definition;
  if (ref.kind === "after") {
    node.after = (node.after ?? []).filter((_, i) => i !== ref.index);
    if (node.after.length === 0) delete node.after;
    return next;
  }
  const list = transitionsOf(specOf(node, ref)).filter((_, i) => i !== ref.index);
  if (ref.kind === "onDone" || ref.kind === "always") {
    if (list.length) node[ref.kind] = compact(list);
    else delete node[ref.kind];
  } else if (node.on) {
    if (list.length) node.on[ref.event] = compact(list) ?? {};
    else delete node.on[ref.event];
    if (Object.keys(node.on).length === 0) delete node.on;
  }
  return next;
}

/** Renames the event of an `on` transition (its task outcome too); returns the new ref. */
export function renameEvent(
  definition: Definition,
  ref: TransitionRef,
  event: string,
): { definition: Definition; ref: TransitionRef } {
  if (ref.kind !== "on" || !event || event === ref.event) return { definition, ref };
  const next = clone(definition);
  const node = findState(next, ref.source);
  if (!node?.on) return { definition, ref };
  const moved = transitionsOf(node.on[ref.event])[ref.index];
  if (!moved) return { definition, ref };
  const rest = transitionsOf(node.on[ref.event]).filter((_, i) => i !== ref.index);
  const existing = transitionsOf(node.on[event]);
  const entries = Object.entries(node.on).flatMap(([k, v]): [string, TransitionSpec][] => {
    if (k === ref.event) {
      const kept: [string, TransitionSpec][] = rest.length ? [[k, compact(rest) ?? {}]] : [];
      return existing.length ? kept : [...kept, [event, moved]];
    }
    if (k === event) return [[k, compact([...existing, moved]) ?? moved]];
    return [[k, v]];
  });
  node.on = Object.fromEntries(entries);
  if (node.task && rest.length === 0) {
    for (const outcome of node.task.outcomes)
      if (outcome.event === ref.event) outcome.event = event;
  }
  return {
    definition: next,
    ref: { kind: "on", source: ref.source, event, index: existing.length },
  };
}

export function addTimer(definition: Definition, source: string): Definition {
  return updateState(definition, source, (node) => {
    node.after = [...(node.after ?? []), { delay: "P1D" }];
  });
}
