/**
 * Flattens a definition's state tree: every state with its key, path and parent.
 *
 * @example
 * ```ts
 * for (const s of walkStates(definition)) console.log(s.key, s.depth);
 * ```
 */
import type { Definition, StateNodeSpec, Transition, TransitionSpec } from "./schema.js";

export interface StateEntry {
  key: string;
  node: StateNodeSpec;
  /** The JSON path of the state, e.g. `states.investigating.states.enterpriseTrack`. */
  path: string;
  /** Key of the enclosing state; null at the top level. */
  parentKey: string | null;
  depth: number;
  /** `type` with its default applied: compound when it has states, else atomic. */
  type: "atomic" | "compound" | "parallel" | "final";
}

export function stateType(node: StateNodeSpec): StateEntry["type"] {
  if (node.type) return node.type;
  return node.states && Object.keys(node.states).length > 0 ? "compound" : "atomic";
}

/** Every state, parents before children, in document order. */
export function walkStates(definition: Pick<Definition, "states">): StateEntry[] {
  const result: StateEntry[] = [];
  const visit = (
    states: Record<string, StateNodeSpec>,
    parentKey: string | null,
    parentPath: string,
    depth: number,
  ) => {
    for (const [key, node] of Object.entries(states)) {
      const path = `${parentPath}states.${key}`;
      result.push({ key, node, path, parentKey, depth, type: stateType(node) });
      if (node.states) visit(node.states, key, `${path}.`, depth + 1);
    }
  };
  visit(definition.states, null, "", 0);
  return result;
}

/** The transition list of an `on` entry or `onDone`, normalised to objects. */
export function transitionsOf(spec: TransitionSpec | undefined): Transition[] {
  if (spec === undefined) return [];
  if (typeof spec === "string") return [{ target: spec }];
  return Array.isArray(spec) ? spec : [spec];
}
