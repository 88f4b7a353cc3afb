/**
 * Which element of the graph a validation problem is about, from its path
 * (`states.planReview.on.APPROVE_PLAN.target` → that transition).
 */
import { edgeId } from "./graph-model.js";

export interface ProblemTarget {
  /** A node id (state key) or an edge id, or null for the process as a whole. */
  elementId: string | null;
  stateKey: string | null;
}

export function problemTarget(path: string): ProblemTarget {
  const parts = path
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^\//, "")
    .split(/[./]/)
    .filter(Boolean);
  let stateKey: string | null = null;
  let rest: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] === "states" && parts[i + 1] !== undefined) {
      stateKey = parts[i + 1] ?? null;
      rest = parts.slice(i + 2);
      i++;
    }
  }
  if (!stateKey) return { elementId: null, stateKey: null };
  const [section, name, index] = rest;
  if (section === "on" && name)
    return { elementId: edgeId("on", stateKey, name, Number(index ?? 0) || 0), stateKey };
  if (section === "after")
    return { elementId: edgeId("after", stateKey, "after", Number(name ?? 0) || 0), stateKey };
  if (section === "onDone")
    return { elementId: edgeId("onDone", stateKey, "onDone", Number(name ?? 0) || 0), stateKey };
  return { elementId: stateKey, stateKey };
}
