/**
 * Checks that a JSON Schema written in a definition (the start `variables`, a
 * task's `form`) is one ajv can compile, and that it describes an object.
 * Messages are in Chinese (ajv-i18n, see `localizeAjvErrors`).
 *
 * @example
 * ```ts
 * jsonSchemaProblems({ type: "object", properties: { n: { type: "numbr" } } }, ["variables"]);
 * // [{ path: ["variables", "properties", "n", "type"], message: "应为以下之一：array、boolean、…" }]
 * ```
 */
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import { FILE_FORMAT, FILE_ID_PATTERN } from "../files/file-fields.js";
import { createBoundedCache } from "./bounded-cache.js";
import type { JsonPath, PathProblem, PathSegment } from "./format-path.js";
import { localizeAjvErrors } from "./json-schema-messages-zh.js";

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
    sharedAjv.addFormat(FILE_FORMAT, FILE_ID_PATTERN);
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
    problems.push({ path: ["type"], message: '必须是 "type": "object"（表单和启动变量都是对象）' });
  }
  const instance = ajv();
  if (!instance.validateSchema(schema)) {
    const seenPaths = new Set<string>();
    const errors = instance.errors ?? [];
    localizeAjvErrors(errors);
    for (const error of errors) {
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
      message: `不是可用的 JSON Schema：${compileErrorZh(error instanceof Error ? error.message : String(error))}`,
    });
  } finally {
    instance.removeSchema(schema);
  }
  return problems;
}

function describe(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  if (Array.isArray(allowed)) return `应为以下之一：${allowed.map(String).join("、")}`;
  return error.message ?? "取值不合法";
}

/** ajv's compile errors that an author meets; others are kept as ajv words them. */
function compileErrorZh(message: string): string {
  const reference = /^can't resolve reference (\S+)/.exec(message);
  if (reference) return `找不到引用的定义 ${reference[1]}`;
  const format = /^unknown format "([^"]+)"/.exec(message);
  if (format) return `未知的格式 "${format[1]}"`;
  return message;
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
