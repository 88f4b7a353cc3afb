/**
 * What a user may send to an instance as a raw event (`instances.send` with an
 * actor): a task outcome of an active state, with data checked against that
 * task's form; an event the definition declares in `events`, sent by one of
 * its `groups` with data checked against its `schema`; in a definition that
 * declares no `events` (format version 1 as it was), any event, without data.
 * And who may start an instance (`starters`), with which variables.
 * Data is checked like a form (`event-data.ts`): a field the schema does not
 * list is refused, so event data never sets a variable the engine owns.
 *
 * @example
 * ```ts
 * checkSentEvent(compiled, row.activeStates, { type: "DISMISS", data }, meta); // throws or returns
 * ```
 */
import { actorAllowed } from "../definition/actor-allowed.js";
import type { CompiledDefinition } from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import type { Definition } from "../definition/schema.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { activeStatesWithAncestors } from "../runtime/step.js";
import { assertEventData, undeclaredFields } from "./event-data.js";

export function checkSentEvent(
  compiled: CompiledDefinition,
  instance: { activeStates: string[]; vars: Record<string, unknown> },
  event: { type: string; data?: Record<string, unknown> },
  meta: EventMeta,
): void {
  const data = event.data ?? {};
  const { definition } = compiled;
  const declared = definition.events?.[event.type];
  if (declared) {
    if (declared.groups && !actorAllowed(declared.groups, { vars: instance.vars, event, meta })) {
      throw new ForbiddenError(`${meta.actor.id} may not send ${event.type}`);
    }
    assertEventData(declared.schema, data, "the event data");
    return;
  }
  for (const key of activeStatesWithAncestors(compiled, instance.activeStates)) {
    const task = compiled.states.get(key)?.node.task;
    if (task?.outcomes.some((outcome) => outcome.event === event.type)) {
      assertEventData(task.form, data, "the event data");
      return;
    }
  }
  if (definition.events) {
    throw new ForbiddenError(`${event.type} is not an event that may be sent to this instance`);
  }
  assertEventData(undefined, data, "the event data");
}

/**
 * A user's start: the actor must be among the definition's `starters` (when it
 * has them), and start variables the `variables` schema does not list are refused.
 */
export function checkStarter(
  definition: Definition,
  given: Record<string, unknown>,
  vars: Record<string, unknown>,
  meta: EventMeta,
): void {
  if (definition.variables) {
    const problems = undeclaredFields(definition.variables, given);
    if (problems.length > 0) throw new ValidationError("start variables are invalid", problems);
  }
  if (definition.starters && !actorAllowed(definition.starters, { vars, meta })) {
    throw new ForbiddenError(`${meta.actor.id} may not start ${definition.key}`);
  }
}
