/**
 * The pure core of the runtime: one event applied to a snapshot with XState's
 * `transition()` (compile.ts's runner), giving the next snapshot and the ordered actions for the
 * runtime to turn into rows. No I/O; the designer's simulator uses it too.
 *
 * @example
 * ```ts
 * const first = initialStep(compiled, { title: "x" }, meta);
 * const next = step(compiled, first.snapshot, { type: "APPROVE", data: {} }, meta);
 * ```
 */
import type { AnyMachineSnapshot } from "xstate";
import {
  type StepScope,
  type GuardRefusal,
  type CompiledDefinition,
  type MachineEvent,
  type RuntimeAction,
} from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import { EngineError, ExpressionError } from "../errors.js";
import type { VoteRound } from "./cast-vote.js";

/** The persisted form kept in `instances.snapshot`. */
export interface PersistedSnapshot {
  value: unknown;
  status: "active" | "done" | "error" | "stopped";
  context: { vars: Record<string, unknown> };
  /** Open 会签/或签 rounds by state key (runtime/cast-vote.ts); absent when there are none. */
  rounds?: Record<string, VoteRound>;
}

export interface StepResult {
  snapshot: PersistedSnapshot;
  vars: Record<string, unknown>;
  /** Keys of the active leaf states, final ones included. */
  activeStates: string[];
  /** The machine reached a top-level final state. */
  done: boolean;
  actions: RuntimeAction[];
}

export type StepRejection = "GUARD_REJECTED" | "EVENT_NOT_ACCEPTED";

const ACTION_TYPES: Record<string, RuntimeAction["type"]> = {
  "zb.enter": "enter",
  "zb.exit": "exit",
  "zb.automatic": "automatic",
  "zb.notify": "notify",
  "zb.startProcess": "startProcess",
  "zb.sendToParent": "sendToParent",
  "zb.sendToChildren": "sendToChildren",
};

function toRuntimeActions(actions: { type: string; params: unknown }[]): RuntimeAction[] {
  const result: RuntimeAction[] = [];
  for (const action of actions) {
    const type = ACTION_TYPES[action.type];
    if (type) result.push({ type, ...(action.params as object) } as RuntimeAction);
  }
  return result;
}

/** Leaf state keys of an XState state value. */
export function activeLeafStates(value: unknown): string[] {
  if (typeof value === "string") return [value];
  const leaves: string[] = [];
  for (const [key, child] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (child && typeof child === "object" && Object.keys(child).length === 0) leaves.push(key);
    else leaves.push(...activeLeafStates(child));
  }
  return leaves;
}

function result(
  snapshot: AnyMachineSnapshot,
  actions: { type: string; params: unknown }[],
  rounds?: PersistedSnapshot["rounds"],
): StepResult {
  // XState catches what an action throws and ends in an error snapshot; the step fails instead.
  if (snapshot.status === "error") throw stepError(snapshot.error);
  const persisted: PersistedSnapshot = {
    value: snapshot.value,
    status: snapshot.status,
    context: { vars: snapshot.context.vars as Record<string, unknown> },
    // Carried as they were: the plan opens and drops rounds as states are entered and left.
    ...(rounds ? { rounds } : {}),
  };
  return {
    snapshot: persisted,
    vars: persisted.context.vars,
    activeStates: activeLeafStates(snapshot.value),
    done: snapshot.status === "done",
    actions: toRuntimeActions(actions),
  };
}

function stepError(error: unknown): Error {
  if (error instanceof EngineError) return error;
  return new ExpressionError("", error instanceof Error ? error.message : String(error));
}

/** Starts the machine with the start variables. */
export function initialStep(
  compiled: CompiledDefinition,
  vars: Record<string, unknown>,
  meta: EventMeta,
): StepResult {
  const $step: StepScope = { meta, guardErrors: [], refusals: [] };
  const [snapshot, actions] = compiled.runner.initialTransition({ vars, $step });
  return result(snapshot, actions);
}

/** The active states and every ancestor of them. */
export function activeStatesWithAncestors(
  compiled: CompiledDefinition,
  activeStates: string[],
): Set<string> {
  const keys = new Set<string>();
  for (const leaf of activeStates) {
    let key: string | null = leaf;
    while (key !== null && !keys.has(key)) {
      keys.add(key);
      key = compiled.states.get(key)?.parentKey ?? null;
    }
  }
  return keys;
}

/** Whether any active state (or an ancestor, or the root) has a transition for this event type. */
export function handlesEvent(
  compiled: CompiledDefinition,
  activeStates: string[],
  eventType: string,
): boolean {
  if (compiled.definition.on?.[eventType]) return true;
  for (const key of activeStatesWithAncestors(compiled, activeStates)) {
    if (compiled.states.get(key)?.node.on?.[eventType]) return true;
    const timer = compiled.timers.get(eventType);
    if (timer && timer.state === key) return true;
  }
  return false;
}

/** Event types the instance handles now, timers excluded, in a stable order. */
export function acceptedEvents(compiled: CompiledDefinition, activeStates: string[]): string[] {
  const events = new Set<string>();
  for (const key of activeStatesWithAncestors(compiled, activeStates)) {
    for (const event of Object.keys(compiled.states.get(key)?.node.on ?? {})) events.add(event);
  }
  for (const event of Object.keys(compiled.definition.on ?? {})) events.add(event);
  return [...events].sort();
}

/**
 * Why an event was not taken; `guardErrors` say which guards could not be
 * evaluated, `refusals` what the refusing guards tell the user.
 */
export interface StepRefusal {
  rejection: StepRejection;
  guardErrors: string[];
  refusals: GuardRefusal[];
}

/** Applies one event; when no transition was taken, says why (with the guards that failed to evaluate). */
export function tryStep(
  compiled: CompiledDefinition,
  persisted: PersistedSnapshot,
  event: MachineEvent,
  meta: EventMeta,
): StepResult | StepRefusal {
  const activeStates = activeLeafStates(persisted.value);
  if (persisted.status === "done" || !handlesEvent(compiled, activeStates, event.type))
    return { rejection: "EVENT_NOT_ACCEPTED", guardErrors: [], refusals: [] };
  // The step's meta and guard errors travel in the context, never persisted (see `result`).
  const $step: StepScope = { meta, guardErrors: [], refusals: [] };
  const current = compiled.machine.resolveState({
    value: persisted.value as never,
    context: { ...persisted.context, $step },
  });
  const [next, actions] = compiled.runner.transition(current, event);
  if (next === current)
    return {
      rejection: "GUARD_REJECTED",
      guardErrors: $step.guardErrors,
      refusals: $step.refusals,
    };
  return result(next, actions, persisted.rounds);
}

/** Applies one event. Returns the rejection reason when no transition was taken. */
export function step(
  compiled: CompiledDefinition,
  persisted: PersistedSnapshot,
  event: MachineEvent,
  meta: EventMeta,
): StepResult | StepRejection {
  const outcome = tryStep(compiled, persisted, event, meta);
  return "rejection" in outcome ? outcome.rejection : outcome;
}
