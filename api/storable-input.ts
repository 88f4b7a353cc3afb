/**
 * Middleware: input PostgreSQL cannot store, or that would make the server
 * recurse without bound, is refused at the edge with a 400 naming each field,
 * before it reaches the engine (where the driver's error would echo the whole
 * statement, protected variables included). Refused: NUL (U+0000) and lone
 * surrogates in any string or key of a JSON body or in a query parameter, and
 * JSON nested deeper than `maxDepth`.
 *
 * @example
 * ```ts
 * app.use("/api/*", storableInput({ maxDepth: 64 }));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { Problem } from "../engine/errors.js";
import type { AppEnv } from "./app-env.js";
import { ProblemError, problem } from "./problem.js";

/** NUL, or a surrogate that is not half of a pair. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_PROBLEMS = 20;
/**
 * In a JSON text such characters can only be written escaped (`\u0000`, `\ud800`): raw
 * control characters are not JSON, and UTF-8 decoding has no lone surrogates. Most bodies
 * have neither escape and are not parsed here at all.
 */
const ESCAPED_SUSPECT = /\\u(?:0000|[dD][89a-fA-F])/;

function textProblem(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === "\u0000"
    ? "不能包含空字符（U+0000）"
    : "包含无效的 Unicode 字符（单独的代理项）";
}

/** Nesting of a JSON text, counted without parsing it (strings skipped). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) deepest = Math.max(deepest, ++depth);
    else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

function collect(value: unknown, path: string, problems: Problem[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof value === "string") {
    const message = textProblem(value);
    if (message) problems.push({ path, message });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, `${path}[${i}]`, problems));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${textProblem(key) ? "?" : key}`;
      const message = textProblem(key);
      if (message) problems.push({ path: at, message: `字段名${message}` });
      collect(item, at, problems);
    }
  }
}

function refuse(detail: string, errors: Problem[]): ProblemError {
  return new ProblemError(problem(400, detail, { kind: "validation", code: "VALIDATION", errors }));
}

export function storableInput(options: { maxDepth: number }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problems: Problem[] = [];
    for (const [name, values] of Object.entries(c.req.queries())) {
      for (const value of values) {
        const message = textProblem(value) ?? textProblem(name);
        if (message) problems.push({ path: `query.${textProblem(name) ? "?" : name}`, message });
      }
    }
    const type = c.req.header("Content-Type") ?? "";
    if (c.req.method !== "GET" && /^application\/(?:[\w.+-]+\+)?json/i.test(type)) {
      const text = await c.req.text();
      if (jsonDepth(text) > options.maxDepth) {
        throw refuse(`the request body is nested deeper than ${options.maxDepth} levels`, [
          { path: "body", message: `JSON 嵌套不能超过 ${options.maxDepth} 层` },
        ]);
      }
      if (ESCAPED_SUSPECT.test(text)) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined; // malformed JSON: the route's own validation answers it
        }
        collect(body, "body", problems);
      }
    }
    if (problems.length > 0) throw refuse("the request holds text that cannot be stored", problems);
    await next();
  };
}
