/**
 * The JSON Schemas a definition embeds (start `variables`, each event's
 * `schema`, each task's `form`) and the variable names they declare: the
 * names `vars` and `event.data` hold, against which FEEL expressions are
 * parsed (a name with spaces such as `vars.due date` parses only when declared).
 *
 * @example
 * ```ts
 * declaredVariableNames(readDefinitionOutline(definition)); // Set { "title", "due date", … }
 * ```
 */
import { isRecord, type DefinitionOutline } from "./definition-outline.js";
import type { PathProblem } from "./format-path.js";

/** The start `variables`, every task `form` and every sendable event's `schema`, with their paths. */
export function embeddedSchemas(
  outline: DefinitionOutline,
): { schema: unknown; path: PathProblem["path"] }[] {
  const events = isRecord(outline.raw.events) ? Object.entries(outline.raw.events) : [];
  return [
    { schema: outline.raw.variables, path: ["variables"] },
    ...events.map(([name, event]) => ({
      schema: isRecord(event) ? event.schema : undefined,
      path: ["events", name, "schema"],
    })),
    ...outline.states.map((state) => ({
      schema: isRecord(state.raw.task) ? state.raw.task.form : undefined,
      path: [...state.path, "task", "form"],
    })),
  ];
}

/** Names declared in the start variables and the task forms (they become `vars` and `event.data`). */
export function declaredVariableNames(outline: DefinitionOutline): Set<string> {
  const names = new Set<string>();
  for (const { schema } of embeddedSchemas(outline)) {
    if (isRecord(schema) && isRecord(schema.properties)) {
      for (const name of Object.keys(schema.properties)) names.add(name);
    }
  }
  return names;
}
