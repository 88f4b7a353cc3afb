/**
 * Syntax errors in a FEEL expression, each with its position.
 *
 * feelin's `parseExpression` (a lezer parser) recovers from syntax errors
 * silently and leaves error nodes in the tree, while `evaluate` throws only on
 * the first one; so we walk the tree for every error node and borrow
 * `evaluate`'s wording for the first.
 *
 * The parse depends on the names in scope: `instance.id` is a syntax error
 * unless `instance` is a variable (FEEL has an `instance of` operator), and a
 * name with spaces such as `vars.due date` parses only when `vars` holds it. So
 * expressions are parsed against stand-ins for the engine's scope.
 *
 * @example
 * ```ts
 * feelSyntaxProblems("vars.fine * 0.15 +");
 * // [{ message: "第 19 个字符处：算术表达式不完整", from: 18, to: 18 }]
 * feelSyntaxProblems("vars.deaths >= 3"); // []
 * ```
 */
import { evaluate, parseExpression } from "feelin";

export interface FeelSyntaxProblem {
  /** In Chinese, e.g. `第 8 个字符处：算术表达式不完整` (the position counted from 1). */
  message: string;
  /** Offset of the error in the expression (UTF-16 code units). */
  from: number;
  to: number;
}

/**
 * Stand-ins for what the engine's expressions see (`vars`, `event`, `now`,
 * `actor`, `instance`, `today`, `is workday`); `variableNames` adds names to `vars` and
 * `event.data` so that names with spaces parse as they will at run time.
 */
export function engineFeelScope(variableNames: Iterable<string> = []): Record<string, unknown> {
  const names = Object.fromEntries([...variableNames].map((name) => [name, null]));
  return {
    vars: names,
    event: { type: "", data: names },
    now: null,
    actor: { id: "", groups: [] },
    instance: { id: "", businessKey: null },
    today: () => null,
    "is workday": () => null,
    votes: [],
  };
}

/** Every syntax error of the expression; an empty list means it parses. */
export function feelSyntaxProblems(
  expression: string,
  scope: Record<string, unknown> = engineFeelScope(),
): FeelSyntaxProblem[] {
  const errors: { from: number; to: number; detail: string }[] = [];
  parseExpression(expression, scope, undefined).iterate({
    enter(node) {
      if (!node.type.isError) return;
      const parent = node.node.parent?.name ?? "Expression";
      const detail =
        node.from === node.to ? `Incomplete <${parent}>` : `Unrecognized token in <${parent}>`; // feelin's wording
      errors.push({ from: node.from, to: node.to, detail });
    },
  });
  if (errors.length === 0) return [];

  const first = evaluatorSyntaxError(expression, scope);
  // The evaluator stops at the first error node; its wording replaces ours for that one.
  if (first) errors[0] = first;
  return errors.map(({ from, to, detail }) => ({
    message: `第 ${from + 1} 个字符处：${detailZh(detail)}`,
    from,
    to,
  }));
}

/** The first syntax error as feelin's evaluator words it (it names the next token when there is one). */
function evaluatorSyntaxError(
  expression: string,
  scope: Record<string, unknown>,
): { from: number; to: number; detail: string } | null {
  try {
    // Only called once the parse found an error, so evaluate stops at the parse and never runs the expression.
    evaluate(expression, scope);
    return null;
  } catch (error) {
    const position = (error as { position?: { from?: unknown; to?: unknown } }).position;
    if (!(error instanceof Error) || typeof position?.from !== "number") return null;
    const to = typeof position.to === "number" ? position.to : position.from;
    return { from: position.from, to, detail: error.message };
  }
}

/** Names of feelin's grammar nodes that a syntax error names most often. */
const nodeNamesZh: Record<string, string> = {
  Expression: "表达式",
  ArithmeticExpression: "算术表达式",
  Comparison: "比较表达式",
  IfExpression: "if 表达式",
  FunctionInvocation: "函数调用",
  PathExpression: "取值路径",
  Disjunction: "or 条件",
  Conjunction: "and 条件",
  StringLiteral: "字符串",
  List: "列表",
  Context: "上下文",
  ForExpression: "for 表达式",
  QuantifiedExpression: "some/every 表达式",
  FilterExpression: "过滤",
  InstanceOfExpression: "instance of 表达式",
};

/** feelin's `Incomplete <X>` / `Unrecognized token in <X>` in Chinese; other wording kept as it is. */
function detailZh(detail: string): string {
  const match = /^(Incomplete|Unrecognized token in) <(\w+)>$/.exec(detail);
  if (!match) return detail;
  const where = nodeNamesZh[match[2] ?? ""] ?? "表达式";
  return match[1] === "Incomplete" ? `${where}不完整` : `${where}中有无法识别的内容`;
}
