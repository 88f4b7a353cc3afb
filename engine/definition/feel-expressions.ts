/**
 * FEEL expressions compiled once per published version instead of parsed on
 * every evaluation. feelin's `evaluate` parses the text (lezer) and builds its
 * interpreter tree each time, which was most of a step's cost; feelin exports
 * no way to keep that tree. A FEEL function definition keeps it: the text
 * `function(vars, event, now, …) <expression>` is evaluated once, and the
 * function it gives is invoked with each evaluation's scope.
 *
 * The parse depends on the names in scope (`vars.due date` is one name only
 * when declared), so expressions are parsed against the names the definition
 * declares, as validation parses them. An expression that does not compile
 * this way is evaluated as before, parsed each time.
 *
 * Owned by one compiled definition (`CompiledDefinition.expressions`); bounded.
 *
 * @example
 * ```ts
 * const expressions = createFeelExpressions(["fine"]);
 * const bump = expressions("vars.fine * 2"); // parsed here, once
 * bump?.(feelScope({ vars: { fine: 3 }, event: { type: "X" }, meta })); // 6
 * ```
 */
import { evaluate, isFunction, type FeelFunction } from "feelin";
import { createBoundedCache } from "./bounded-cache.js";
import { SCOPE_NAMES, type FeelScope } from "./feel.js";
import { engineFeelScope } from "./feel-syntax.js";

/** One expression, parsed: evaluates it in a scope and returns feelin's value (not yet plain JSON). */
export type CompiledFeel = (scope: FeelScope) => unknown;

/** The compiled form of an expression text (null: not compilable, evaluate it the slow way). */
export type FeelExpressions = (expression: string) => CompiledFeel | null;

/** More distinct texts than any definition holds; a bound in case a caller evaluates made-up ones. */
const DEFAULT_LIMIT = 2000;

export function createFeelExpressions(
  variableNames: Iterable<string> = [],
  limit = DEFAULT_LIMIT,
): FeelExpressions {
  const parseScope = engineFeelScope(variableNames);
  const cached = createBoundedCache<CompiledFeel | null>(limit);
  return (expression) => cached(expression, () => compileFeel(expression, parseScope));
}

const PARAMETERS = SCOPE_NAMES.join(", ");

function compileFeel(expression: string, parseScope: Record<string, unknown>): CompiledFeel | null {
  let defined: { value: unknown; warnings: unknown[] };
  try {
    // Newlines: a trailing `//` comment in the expression must not swallow anything after it.
    defined = evaluate(`function(${PARAMETERS})\n${expression}\n`, parseScope);
  } catch {
    return null;
  }
  const fn = defined.value;
  if (!isFunction(fn) || fn.parameterNames.length !== SCOPE_NAMES.length) return null;
  return compiledFunction(expression, fn, defined.warnings);
}

function compiledFunction(expression: string, fn: FeelFunction, warnings: unknown[]): CompiledFeel {
  // Only the names the text contains are handed over: `now` is built on first use.
  const used = SCOPE_NAMES.map((name) => expression.includes(name));
  return (scope) => {
    const args = SCOPE_NAMES.map((name, index) => (used[index] ? scope[name] : undefined));
    try {
      return fn.invoke(args);
    } finally {
      // feelin records a warning (a missing variable…) in the list of the evaluation that built the function: empty it, or it grows forever.
      warnings.length = 0;
    }
  };
}
