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

export function schemaIssueProblems(issues: readonly Issue[]): PathProblem[] {
  return issues.flatMap((issue): PathProblem[] => {
    const path = segmentsOf(issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: [...path, key],
          message: `unknown field "${key}"`,
        }));
      case "invalid_key":
        return [{ path, message: issue.issues[0]?.message ?? issue.message }];
      case "invalid_union":
        return [{ path, message: unionMessage(issue) }];
      default:
        return [{ path, message: issue.message }];
    }
  });
}

/** When every alternative failed on the value's own type, list the types that would do. */
function unionMessage(issue: core.$ZodIssueInvalidUnion): string {
  const expected: string[] = [];
  for (const alternative of issue.errors) {
    const [only, ...rest] = alternative;
    if (!only || rest.length > 0 || only.code !== "invalid_type" || only.path.length > 0)
      return issue.message;
    if (!expected.includes(only.expected)) expected.push(only.expected);
  }
  if (expected.length === 0) return issue.message;
  const list =
    expected.length === 1
      ? expected[0]
      : `${expected.slice(0, -1).join(", ")} or ${expected.at(-1)}`;
  return `expected ${list}`;
}
