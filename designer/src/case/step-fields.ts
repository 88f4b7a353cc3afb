/**
 * The form a history entry's data was entered in: the start variables for a start, the
 * task form of the step it left for an outcome, a declared event's schema. Field name →
 * its schema, in the form's order.
 *
 * @example
 * ```ts
 * stepFields(definition, entry).get("funds")?.title; // "治理资金（元）"
 * ```
 */
import type { Definition, HistoryEntry, JsonSchema } from "../api/types.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import { orderedProperties } from "../forms/schema-values.js";

/** A JSON Schema's properties as an ordered map. */
export function formFields(schema: JsonSchema | undefined): Map<string, JsonSchema> {
  const fields = new Map<string, JsonSchema>();
  for (const name of schema ? orderedProperties(schema) : []) {
    const property = schema?.properties?.[name];
    if (property) fields.set(name, property);
  }
  return fields;
}

/** The step (state with a task) whose outcome the entry records, if any. */
export function stepOf(
  definition: Pick<Definition, "states">,
  entry: Pick<HistoryEntry, "event" | "from">,
) {
  return walkStates(definition).find(
    (s) => entry.from.includes(s.key) && s.node.task?.outcomes.some((o) => o.event === entry.event),
  );
}

export function stepFields(
  definition: Definition,
  entry: Pick<HistoryEntry, "kind" | "event" | "from">,
): Map<string, JsonSchema> {
  if (entry.kind === "start") return formFields(definition.variables as JsonSchema | undefined);
  const step = stepOf(definition, entry);
  if (step) return formFields(step.node.task?.form as JsonSchema | undefined);
  const declared = entry.event ? definition.events?.[entry.event]?.schema : undefined;
  return formFields(declared as JsonSchema | undefined);
}
