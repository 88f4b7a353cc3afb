/** The case's key facts: its variables with the Chinese titles the definition gives them. */
import type { Definition } from "../../../engine/definition/schema.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import type { JsonSchema, ReferenceLabel } from "../api/types.js";
import { displayValue, orderedProperties } from "../forms/schema-values.js";

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

export function KeyFacts({
  vars,
  definition,
  references = [],
  limit = 12,
}: {
  vars: Record<string, unknown>;
  definition: Definition | undefined;
  /** Current names of what x-ref fields name: shown instead of the stored id. */
  references?: ReferenceLabel[];
  limit?: number;
}) {
  const referenced = new Map(references.map((r) => [r.field, r]));
  const fields = fieldSchemas(definition);
  const present = (name: string) =>
    vars[name] !== undefined && vars[name] !== null && vars[name] !== "";
  const known = [...fields.keys()].filter(present);
  const others = Object.keys(vars).filter(
    (name) => !fields.has(name) && present(name) && typeof vars[name] !== "object",
  );
  const names = [...known, ...others].slice(0, limit);
  if (names.length === 0) return <p className="muted">暂无信息</p>;
  return (
    <dl className="facts">
      {names.map((name) => (
        <div key={name}>
          <dt>{fields.get(name)?.title ?? name}</dt>
          <dd data-field={name}>
            {referenced.has(name)
              ? [referenced.get(name)!.name ?? vars[name], referenced.get(name)!.detail]
                  .filter(Boolean)
                  .join(" · ")
              : displayValue(fields.get(name), vars[name])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
