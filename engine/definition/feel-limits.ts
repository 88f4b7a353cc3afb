/**
 * Bounds on FEEL expressions, checked before and after parsing: feelin's parser
 * grows faster than its input and nothing in FEEL bounds a loop, so one
 * expression could otherwise take the whole server down (a 120 KB list literal,
 * `count(for i in 1..100000000 return i)`).
 *
 * The length is checked before the parser ever sees the text; the parse tree's
 * size and depth, literal ranges and list literals are checked on the tree.
 * Browser-safe: the designer shows the same problems.
 *
 * @example
 * ```ts
 * feelLimitProblems("1..100000000"); // ["范围 1..100000000 过大（最多 10000 个值）"]
 * needsSandbox("vars.deaths >= 3"); // false: runs inline
 * needsSandbox("count(for i in 1..vars.n return i)"); // true: iterates
 * ```
 */
import { parseExpression } from "feelin";

type SyntaxNode = ReturnType<typeof parseExpression>["topNode"];

export interface FeelLimits {
  /** Characters (UTF-16 code units) in one expression. */
  maxLength: number;
  /** Nodes in its parse tree. */
  maxNodes: number;
  /** Nesting depth of its parse tree. */
  maxDepth: number;
  /** Values in a range between two number literals (`1..10000`). */
  maxRangeSize: number;
  /** Items in one list literal. */
  maxListItems: number;
}

export const FEEL_LIMITS: FeelLimits = {
  maxLength: 2000,
  maxNodes: 3000,
  maxDepth: 200,
  maxRangeSize: 10_000,
  maxListItems: 500,
};

/**
 * Grammar nodes after which an evaluation can loop or allocate without a bound
 * set by the text itself: iteration (`for`, `some`, `every`, ranges), function
 * definitions (recursion) and context literals (an entry can double the one
 * before it).
 */
const UNBOUNDED_NODES = new Set([
  "ForExpression",
  "QuantifiedExpression",
  "IterationContext",
  "Interval",
  "FunctionDefinition",
  "Context",
]);

/** Every limit the expression breaks, in Chinese; the text is parsed only when it is short enough. */
export function feelLimitProblems(
  expression: string,
  scope: Record<string, unknown> = {},
  limits: FeelLimits = FEEL_LIMITS,
): string[] {
  if (expression.length > limits.maxLength) {
    return [`表达式过长（${expression.length} 个字符，最多 ${limits.maxLength} 个）`];
  }
  const problems: string[] = [];
  let nodes = 0;
  let depth = 0;
  let maxDepth = 0;
  parseExpression(expression, scope, undefined).iterate({
    enter(ref) {
      nodes++;
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (ref.name === "IterationContext" || ref.name === "Interval") {
        const range = literalRange(ref.node, expression);
        if (range && range.size > limits.maxRangeSize) {
          problems.push(`范围 ${range.text} 过大（最多 ${limits.maxRangeSize} 个值）`);
        }
      }
      if (ref.name === "List") {
        const items = countItems(ref.node);
        if (items > limits.maxListItems) {
          problems.push(`列表有 ${items} 项，最多 ${limits.maxListItems} 项`);
        }
      }
    },
    leave() {
      depth--;
    },
  });
  if (nodes > limits.maxNodes) {
    problems.push(`表达式过于复杂（${nodes} 个语法节点，最多 ${limits.maxNodes} 个）`);
  }
  if (maxDepth > limits.maxDepth) {
    problems.push(`表达式嵌套过深（${maxDepth} 层，最多 ${limits.maxDepth} 层）`);
  }
  return problems;
}

/** Direct children of a list literal other than its brackets and commas. */
function countItems(list: SyntaxNode): number {
  let count = 0;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    if (child.name !== "[" && child.name !== "]" && child.name !== ",") count++;
  }
  return count;
}

/** A range between two number literals, e.g. `1..100000000` (other bounds are known only at run time). */
function literalRange(node: SyntaxNode, text: string): { size: number; text: string } | null {
  const numbers = node.getChildren("NumericLiteral");
  if (numbers.length !== 2) return null;
  const [from, to] = numbers.map((n) => Number(text.slice(n.from, n.to)));
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to))
    return null;
  return { size: Math.abs(to - from) + 1, text: text.slice(node.from, node.to) };
}

/**
 * Whether the expression may loop or allocate without a bound its text sets, so
 * that the engine runs it with a time and memory budget instead of inline. Too
 * long to parse safely counts as yes.
 */
export function needsSandbox(expression: string, limits: FeelLimits = FEEL_LIMITS): boolean {
  if (expression.length > limits.maxLength) return true;
  let unbounded = false;
  parseExpression(expression, {}, undefined).iterate({
    enter(ref) {
      if (unbounded) return false;
      if (UNBOUNDED_NODES.has(ref.name)) unbounded = true;
      return undefined;
    },
  });
  return unbounded;
}
