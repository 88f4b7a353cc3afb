/**
 * Reference fields in a JSON Schema: a top-level property with `"x-ref": "<kind>"` holds
 * the id of a record that the application keeps (an enterprise, a village). Pure: the write
 * side uses it to fill the variables a process asks for, the API to show the record's name.
 *
 * @example
 * ```ts
 * referenceFields({ type: "object", properties: { enterpriseId: { type: "string", "x-ref": "enterprise" } } });
 * // [{ field: "enterpriseId", kind: "enterprise", title: undefined }]
 * ```
 */

export const REF_KEYWORD = "x-ref";

export interface ReferenceField {
  /** The property that holds the id. */
  field: string;
  /** The resolver's name (`enterprise`). */
  kind: string;
  /** The property's `title`, for messages. */
  title: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The schema's reference fields, in property order; none when the schema has no properties. */
export function referenceFields(schema: unknown): ReferenceField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const fields: ReferenceField[] = [];
  for (const [field, property] of Object.entries(schema.properties)) {
    if (!isRecord(property) || typeof property[REF_KEYWORD] !== "string") continue;
    fields.push({
      field,
      kind: property[REF_KEYWORD],
      title: typeof property.title === "string" ? property.title : undefined,
    });
  }
  return fields;
}

/** Whether the schema declares the property (only declared variables are filled). */
export function declaresProperty(schema: unknown, name: string): boolean {
  return isRecord(schema) && isRecord(schema.properties) && name in schema.properties;
}
