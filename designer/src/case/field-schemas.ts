/**
 * Every field a definition names, start variables first, then each task's form: what a
 * form's file and reference fields look up the case's values by.
 *
 * @example
 * ```ts
 * fieldSchemas(definition).get("funds")?.title; // "治理资金（元）"
 * ```
 */
import type { Definition } from "../../../engine/definition/schema.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import type { JsonSchema } from "../api/types.js";
import { orderedProperties } from "../forms/schema-values.js";

/** Every field the definition names (start variables first, then task forms), by name. */
export function fieldSchemas(definition: Definition | undefined): Map<string, JsonSchema> {
  const fields = new Map<string, JsonSchema>();
  if (!definition) return fields;
  const add = (schema: JsonSchema | undefined) => {
    for (const name of schema ? orderedProperties(schema) : []) {
      const property = schema?.properties?.[name];
      if (property && !fields.has(name)) fields.set(name, property);
    }
  };
  add(definition.variables as JsonSchema | undefined);
  for (const state of walkStates({ states: definition.states ?? {} }))
    add(state.node.task?.form as JsonSchema | undefined);
  return fields;
}
