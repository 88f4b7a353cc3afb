/** Plausible sample values for a JSON Schema, to start a simulation without typing everything. */
import type { JsonSchema } from "../api/types.js";
import { enumOptions, schemaType } from "../forms/schema-values.js";

export function sampleValues(schema: JsonSchema | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    const value = sampleValue(property, name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

function sampleValue(schema: JsonSchema, name: string): unknown {
  if (schema.default !== undefined) return schema.default;
  const options = enumOptions(schema);
  if (options?.[0]) return options[0].value;
  const today = new Date();
  switch (schemaType(schema)) {
    case "number":
    case "integer":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return sampleValues(schema);
    case "string":
      if (schema.format === "date")
        return new Date(today.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
      if (schema.format === "date-time") return today.toISOString();
      return schema.title ? `示例${schema.title}` : name;
    default:
      return undefined;
  }
}
