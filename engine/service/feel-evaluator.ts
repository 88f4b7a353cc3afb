/**
 * The engine's FEEL evaluator: expressions whose text bounds their cost run
 * inline as before; those that can loop or allocate without bound (`for`,
 * `some`/`every`, ranges, function definitions, context literals, or text too
 * long to parse safely) run in the engine's sandbox under a time and memory
 * budget. Which is which is decided once per expression text.
 *
 * @example
 * ```ts
 * const evaluator = createFeelEvaluator({ timeLimitMs: 500 });
 * const meta = { now, actor, instance, evaluator };   // every step of this engine
 * await evaluator.close();
 * ```
 */
import { createBoundedCache } from "../definition/bounded-cache.js";
import {
  beijingLocalTime,
  evaluateFeelInline,
  SCOPE_NAMES,
  type FeelEvaluator,
  type FeelScope,
} from "../definition/feel.js";
import { FEEL_LIMITS, needsSandbox } from "../definition/feel-limits.js";
import { createFeelSandbox, type FeelSandboxOptions, type SandboxInput } from "./feel-sandbox.js";

export type EngineFeelEvaluator = FeelEvaluator & { close(): Promise<void> };

export function createFeelEvaluator(options: FeelSandboxOptions = {}): EngineFeelEvaluator {
  const sandbox = createFeelSandbox(options);
  const sandboxed = createBoundedCache<boolean>(5000);
  const evaluate: FeelEvaluator = (expression, scope) => {
    const budgeted =
      expression.length > FEEL_LIMITS.maxLength ||
      sandboxed(expression, () => needsSandbox(expression));
    return budgeted
      ? sandbox.evaluate(expression, sandboxInput(expression, scope))
      : evaluateFeelInline(expression, scope);
  };
  return Object.assign(evaluate, { close: () => sandbox.close() });
}

/** The plain values the expression may read (only the names its text mentions are copied). */
function sandboxInput(expression: string, scope: FeelScope): SandboxInput {
  const input: SandboxInput = {};
  for (const name of SCOPE_NAMES) {
    if (!expression.includes(name)) continue;
    if (name === "now" || name === "today") input.localNow = beijingLocalTime(scope.instant);
    else if (name === "is workday") input.namedDays = scope.calendar.namedDays();
    else if (scope[name] !== undefined) input[name] = scope[name];
  }
  return input;
}
