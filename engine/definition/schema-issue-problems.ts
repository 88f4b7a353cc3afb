/**
 * zod issues of the definition schema as problems a process author can act on:
 * one per unknown field (pointing at the field), the reason a state key is
 * refused, and "expected string or object" instead of zod's bare "Invalid
 * input" when no alternative of a union fits.
 *
 * @example
 * ```ts
 * const parsed = definitionSchema.safeParse(json);
 * if (!parsed.success) schemaIssueProblems(parsed.error.issues);
 * ```
 */
import type { core } from "zod";
import type { PathProblem, PathSegment } from "./format-path.js";

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
          message: `unknown field "${key}"`,
        }));
      case "invalid_key":
        return [{ path, message: issue.issues[0]?.message ?? issue.message }];
      case "invalid_union":
        return unionProblems(issue, path);
      case "invalid_type":
        // zod words a missing field as a value of type undefined.
        return [
          {
            path,
            message: / received undefined$/.test(issue.message)
              ? `required (${issue.expected})`
              : issue.message,
          },
        ];
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
  const list =
    expected.length === 1
      ? expected[0]
      : `${expected.slice(0, -1).join(", ")} or ${expected.at(-1)}`;
  return [{ path, message: `expected ${list}` }];
}
