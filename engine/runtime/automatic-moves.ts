/**
 * Where a step's automatic transitions (`always`) split its path, for the history:
 * the states the event itself led to, then one move per automatic transition, each
 * with the states it left and reached and why (its label, else 自动流转). Read from
 * the ordered actions XState produced: a transition's exits come right before its
 * actions (the `automatic` marker first), its entries right after.
 *
 * @example
 * ```ts
 * const { reached, moves } = automaticMoves(compiled, [], result.actions, result.activeStates);
 * // reached: ["intake"]; moves: [{ from: ["intake"], to: ["onSiteCheck"], reason: "…" }]
 * ```
 */
import type { CompiledDefinition, RuntimeAction } from "../definition/compile.js";
import { activeStatesWithAncestors } from "./step.js";

export interface AutomaticMove {
  /** Active leaf states before the move. */
  from: string[];
  /** Active leaf states after it (and after any move made at the same time in another region). */
  to: string[];
  /** The transition's label, else 自动流转. */
  reason: string;
}

export const DEFAULT_AUTOMATIC_REASON = "自动流转";

export function automaticMoves(
  compiled: CompiledDefinition,
  from: string[],
  actions: RuntimeAction[],
  end: string[],
): { reached: string[]; moves: AutomaticMove[] } {
  if (!actions.some((action) => action.type === "automatic")) return { reached: end, moves: [] };
  const active = activeStatesWithAncestors(compiled, from);
  const leaves = () =>
    [...active].filter((key) => {
      const type = compiled.states.get(key)?.type;
      return type === "atomic" || type === "final";
    });
  // Leaf states at each point where an automatic transition began (before its exits).
  const points: string[][] = [];
  const reasons: string[] = [];
  let beforeExits: string[] | null = null;
  for (const action of actions) {
    if (action.type === "exit") {
      beforeExits ??= leaves();
      active.delete(action.state);
      continue;
    }
    if (action.type === "automatic") {
      points.push(beforeExits ?? leaves());
      reasons.push(action.label || DEFAULT_AUTOMATIC_REASON);
      beforeExits = null;
    } else if (action.type === "enter") {
      active.add(action.state);
      beforeExits = null;
    }
  }
  const moves = reasons.map((reason, i) => ({
    from: points[i] ?? [],
    to: points[i + 1] ?? end,
    reason,
  }));
  return { reached: points[0] ?? end, moves };
}
