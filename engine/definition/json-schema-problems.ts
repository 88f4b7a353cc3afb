/**
 * Checks that a JSON Schema written in a definition (the start `variables`, a
 * task's `form`) is one ajv can compile, and that it describes an object.
 *
 * @example
 * ```ts
 * jsonSchemaProblems({ type: "object", properties: { n: { type: "numbr" } } }, ["variables"]);
 * // [{ path: ["variables", "properties", "n", "type"], message: "must be equal to one of the allowed values: …" }]
 * ```
 */
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import { createBoundedCache } from "./bounded-cache.js";
import type { JsonPath, PathProblem, PathSegment } from "./format-path.js";

// ajv-formats is CommonJS; under ESM its function may arrive as the module or under `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

// One instance for the process: building one costs tens of milliseconds. Compiled
// schemas are removed again so that it does not grow, and so that two forms with
// the same `$id` do not clash.
let sharedAjv: Ajv | undefined;
function ajv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({ allErrors: true, strict: false, logger: false });
    addFormats(sharedAjv);
  }
  return sharedAjv;
}

const problemsBySchemaText = createBoundedCache<PathProblem[]>(500);

export function jsonSchemaProblems(schema: Record<string, unknown>, path: JsonPath): PathProblem[] {
  const relative = problemsBySchemaText(JSON.stringify(schema), () => problemsOf(schema));
  return relative.map((problem) => ({
    path: [...path, ...problem.path],
    message: problem.message,
  }));
}

/** Problems with paths relative to the schema. */
function problemsOf(schema: Record<string, unknown>): PathProblem[] {
  const problems: PathProblem[] = [];
  if (schema.type !== "object") {
    problems.push({ path: ["type"], message: 'must be "type": "object"' });
  }
  const instance = ajv();
  if (!instance.validateSchema(schema)) {
    const seenPaths = new Set<string>();
    for (const error of instance.errors ?? []) {
      // ajv explains one bad keyword several times (enum, then anyOf…): keep the first per place.
      if (seenPaths.has(error.instancePath)) continue;
      seenPaths.add(error.instancePath);
      problems.push({
        path: schemaLocation(schema, error.instancePath),
        message: describe(error),
      });
    }
    return problems;
  }
  try {
    instance.compile(schema);
  } catch (error) {
    problems.push({
      path: [],
      message: `is not a usable JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
    });
  } finally {
    instance.removeSchema(schema);
  }
  return problems;
}

function describe(error: ErrorObject): string {
  const message = error.message ?? "is invalid";
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  return Array.isArray(allowed) ? `${message}: ${allowed.map(String).join(", ")}` : message;
}

/** A JSON Pointer into the schema as path segments; array indices become numbers. */
function schemaLocation(schema: unknown, pointer: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let here: unknown = schema;
  for (const encoded of pointer.split("/").slice(1)) {
    const name = encoded.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(here)) {
      const index = Number(name);
      segments.push(index);
      here = here[index];
    } else {
      segments.push(name);
      here =
        typeof here === "object" && here !== null
          ? (here as Record<string, unknown>)[name]
          : undefined;
    }
  }
  return segments;
}
