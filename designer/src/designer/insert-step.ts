/**
 * The "+" on a line of the designer: a new state with a task for one group and one
 * outcome, put between a transition's source and its target. The line now ends at the
 * new state (keeping its event, guard and assignments), and the new state's outcome
 * goes on to the old target.
 *
 * @example
 * ```ts
 * const ref = { kind: "on", source: "acceptance", event: "ACCEPT", index: 0 } as const;
 * const { definition, key } = insertStepOnTransition(draft, ref, {
 *   label: "复查", group: "safety-office", outcomeLabel: "完成",
 * });
 * // acceptance --ACCEPT--> step1 (task 复查, safety-office) --DONE--> closed
 * ```
 */
import type { Definition, StateNodeSpec } from "../../../engine/definition/schema.js";
import {
  containerOf,
  getTransition,
  uniqueStateKey,
  updateTransition,
} from "./definition-edits.js";
import type { TransitionRef } from "./definition-edits.js";
import { eventKeyFor } from "./event-key.js";

export interface NewStep {
  /** The step's name: the state's label and the task's name. */
  label: string;
  /** A candidate group name, or `=<FEEL>` for a computed one. */
  group: string;
  /** The label of the task's one outcome (its event key is derived). */
  outcomeLabel: string;
}

function groupEntry(group: string): string | { expr: string } {
  const text = group.trim();
  return text.startsWith("=") ? { expr: text.slice(1).trim() } : text;
}

/** The new step as a state: one task, one outcome, one transition to `target`. */
export function stepState(step: NewStep, target: string): StateNodeSpec {
  const outcomeLabel = step.outcomeLabel.trim() || "完成";
  const event = eventKeyFor(outcomeLabel);
  const label = step.label.trim() || "新步骤";
  return {
    label,
    task: {
      name: label,
      candidateGroups: [groupEntry(step.group)],
      outcomes: [{ event, label: outcomeLabel }],
    },
    on: { [event]: target },
  };
}

/** Returns the unchanged definition (and a null key) when the transition has no target. */
export function insertStepOnTransition(
  definition: Definition,
  ref: TransitionRef,
  step: NewStep,
): { definition: Definition; key: string | null } {
  const transition = getTransition(definition, ref);
  const oldTarget = transition?.target;
  if (!oldTarget) return { definition, key: null };
  const key = uniqueStateKey(definition, "step");
  const retargeted = updateTransition(definition, ref, (t) => void (t.target = key));
  // The new state sits beside the source, so that the line stays inside its container.
  const place = containerOf(retargeted, ref.source);
  if (!place) return { definition, key: null };
  place.states[key] = stepState(step, oldTarget);
  return { definition: retargeted, key };
}
