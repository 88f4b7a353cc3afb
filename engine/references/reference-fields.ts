/**
 * Reference fields in a JSON Schema: a property with `"x-ref": "<kind>"` holds the id of a
 * record that the application keeps (an enterprise, a village), at the top level or inside
 * nested objects and arrays (an accident's list of involved enterprises). Pure: the write
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

/** The schema's top-level reference fields, in property order; none when the schema has no properties. */
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

/** One reference in a piece of data, at any depth. */
export interface ReferenceOccurrence {
  /** Where the id sits: `["involved", 0, "enterpriseId"]`. */
  path: (string | number)[];
  kind: string;
  /** The property's `title` (for an id in a list: the list's), for messages. */
  title: string | undefined;
  /** The value found there (a string id when well formed). */
  id: unknown;
  /** The object that holds the id, with its schema: the filled variables go beside the id. Null for an id in a list of ids. */
  holder: { object: Record<string, unknown>; schema: Record<string, unknown> } | null;
}

/**
 * The references in `data` by its schema, in property order, depth first: properties with
 * `x-ref`, inside object properties, inside array items (objects, or ids themselves).
 *
 * @example
 * ```ts
 * referenceOccurrences(schema, { involved: [{ enterpriseId: "hongda" }] });
 * // [{ path: ["involved", 0, "enterpriseId"], kind: "enterprise", id: "hongda", holder: {…} }]
 * ```
 */
export function referenceOccurrences(
  schema: unknown,
  data: unknown,
  path: (string | number)[] = [],
): ReferenceOccurrence[] {
  if (!isRecord(schema) || !isRecord(schema.properties) || !isRecord(data)) return [];
  const found: ReferenceOccurrence[] = [];
  for (const [field, property] of Object.entries(schema.properties)) {
    if (!isRecord(property)) continue;
    const value = data[field];
    const at = [...path, field];
    const kind = property[REF_KEYWORD];
    if (typeof kind === "string") {
      found.push({
        path: at,
        kind,
        title: titleOf(property),
        id: value,
        holder: { object: data, schema },
      });
    } else if (isRecord(value)) {
      found.push(...referenceOccurrences(property, value, at));
    } else if (Array.isArray(value) && isRecord(property.items)) {
      const items = property.items;
      const itemKind = items[REF_KEYWORD];
      value.forEach((item, index) => {
        if (typeof itemKind === "string")
          found.push({
            path: [...at, index],
            kind: itemKind,
            title: titleOf(items) ?? titleOf(property),
            id: item,
            holder: null,
          });
        else found.push(...referenceOccurrences(items, item, [...at, index]));
      });
    }
  }
  return found;
}

const titleOf = (schema: Record<string, unknown>) =>
  typeof schema.title === "string" ? schema.title : undefined;
