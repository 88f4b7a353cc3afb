/**
 * The titles a JSON Schema gives the values of one of its fields (`oneOf`/`anyOf` of
 * `{ const, title }`), so that reports label a value as the form that took it did.
 *
 * @example
 * ```ts
 * enumTitles(definition.variables, "source").get("self-report"); // "企业自查自报"
 * ```
 */
export function enumTitles(schema: unknown, field: string): Map<string, string> {
  const property = objectAt(objectAt(schema, "properties"), field);
  const choices = [property?.oneOf, property?.anyOf].find(Array.isArray) ?? [];
  const titles = new Map<string, string>();
  for (const choice of choices as unknown[]) {
    const { const: value, title } = (choice ?? {}) as { const?: unknown; title?: unknown };
    if (typeof value === "string" && typeof title === "string") titles.set(value, title);
  }
  return titles;
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== "object") return undefined;
  const found = (value as Record<string, unknown>)[key];
  return found && typeof found === "object" ? (found as Record<string, unknown>) : undefined;
}
