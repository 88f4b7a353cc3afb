/**
 * A line dragged from one state to another, once the admin has picked what it means:
 * one of the source task's outcomes, or a new outcome named in Chinese (its event key
 * derived). A state without a task gets a transition whose `label` carries the name.
 *
 * @example
 * ```ts
 * connectWithOutcome(draft, "acceptance", "recheck", { kind: "new", label: "需复查" });
 * // acceptance.task.outcomes gains { event: "OUTCOME_…", label: "需复查" },
 * // acceptance.on gains { "OUTCOME_…": { target: "recheck" } }
 * connectWithOutcome(draft, "reported", "dismissed", { kind: "existing", event: "DISMISS" });
 * ```
 */
import type { Definition, Transition } from "../../../engine/definition/schema.js";
import { transitionsOf } from "../../../engine/definition/walk-states.js";
import { findState, updateState } from "./definition-edits.js";
import type { TransitionRef } from "./definition-edits.js";
import { eventKeyFor } from "./event-key.js";

export type OutcomeChoice = { kind: "existing"; event: string } | { kind: "new"; label: string };

export interface OutcomeOption {
  event: string;
  label: string;
  /** Where the outcome leads today, when a transition handles it in this state. */
  currentTarget: string | null;
}

/** The source state's outcomes, for the picker: each with where it leads now. */
export function outcomeOptions(definition: Definition, source: string): OutcomeOption[] {
  const node = findState(definition, source);
  return (node?.task?.outcomes ?? []).map((o) => ({
    event: o.event,
    label: o.label,
    currentTarget: transitionsOf(node?.on?.[o.event])[0]?.target ?? null,
  }));
}

/**
 * Wires the choice. An existing outcome that already leads somewhere is pointed at the
 * new target (its first transition, guard and assignments kept); one that leads nowhere
 * gets a transition.
 */
export function connectWithOutcome(
  definition: Definition,
  source: string,
  target: string,
  choice: OutcomeChoice,
): { definition: Definition; ref: TransitionRef } {
  const node = findState(definition, source);
  const event =
    choice.kind === "existing"
      ? choice.event
      : eventKeyFor(
          choice.label,
          new Set([
            ...Object.keys(node?.on ?? {}),
            ...(node?.task?.outcomes ?? []).map((o) => o.event),
          ]),
        );
  const next = updateState(definition, source, (state) => {
    const list = transitionsOf(state.on?.[event]).map((t) => ({ ...t }));
    const first = list[0];
    if (first) first.target = target;
    else {
      const added: Transition = { target };
      if (choice.kind === "new" && !state.task) added.label = choice.label.trim();
      list.push(added);
    }
    state.on = { ...state.on, [event]: list.length === 1 ? (list[0] as Transition) : list };
    if (choice.kind === "new" && state.task)
      state.task.outcomes = [...state.task.outcomes, { event, label: choice.label.trim() }];
  });
  return { definition: next, ref: { kind: "on", source, event, index: 0 } };
}
