/**
 * zod issues of the definition schema as problems a process author can act on,
 * in Chinese: one per unknown field (pointing at the field), the reason a state
 * key is refused, and "应为字符串或对象" instead of a bare "不符合任何一种允许的写法"
 * when no alternative of a union fits. The messages of the other issues come
 * from `schemaIssueMessageZh`, the error map `validateDefinition` parses with.
 *
 * @example
 * ```ts
 * const parsed = definitionSchema.safeParse(json);
 * if (!parsed.success) schemaIssueProblems(parsed.error.issues);
 * ```
 */
import type { core } from "zod";
import type { PathProblem, PathSegment } from "./format-path.js";
import { typeNameZh } from "./schema-messages-zh.js";

type Issue = core.$ZodIssue;

function segmentsOf(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
}

export function schemaIssueProblems(
  issues: readonly Issue[],
  prefix: PathSegment[] = [],
): PathProblem[] {
  return issues.flatMap((issue): PathProblem[] => {
    const path = [...prefix, ...segmentsOf(issue.path)];
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: [...path, key],
          message: `未知字段 "${key}"`,
        }));
      case "invalid_key":
        return [{ path, message: issue.issues[0]?.message ?? issue.message }];
      case "invalid_union":
        return unionProblems(issue, path);
      default:
        return [{ path, message: issue.message }];
    }
  });
}

/** An alternative that failed only because the value is of another type altogether. */
function wrongTypeOnly(alternative: readonly Issue[]): Issue | undefined {
  const [only, ...rest] = alternative;
  return only && rest.length === 0 && only.code === "invalid_type" && only.path.length === 0
    ? only
    : undefined;
}

/**
 * When exactly one alternative fits the value's type, its own issues say what
 * is wrong; when none does, list the types that would.
 */
function unionProblems(issue: core.$ZodIssueInvalidUnion, path: PathSegment[]): PathProblem[] {
  const close = issue.errors.filter((alternative) => !wrongTypeOnly(alternative));
  const [onlyClose] = close;
  if (close.length === 1 && onlyClose) return schemaIssueProblems(onlyClose, path);
  if (close.length > 0 || issue.errors.length === 0) return [{ path, message: issue.message }];
  const expected: string[] = [];
  for (const alternative of issue.errors) {
    const type = wrongTypeOnly(alternative)?.code === "invalid_type" ? alternative[0] : undefined;
    if (type?.code === "invalid_type" && !expected.includes(type.expected))
      expected.push(type.expected);
  }
  const names = expected.map(typeNameZh);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join("、")}或${names.at(-1)}`;
  return [{ path, message: `应为${list}` }];
}
