/**
 * Fuzz (issue 11, finding 1): random FEEL text through validation never takes
 * long or much memory. Memory is bounded by construction: the parser is only
 * given text under the length cap, which the first property checks for every
 * input; time is checked per answer.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FEEL_LIMITS, feelLimitProblems, needsSandbox } from "./feel-limits.js";
import { feelSyntaxProblems } from "./feel-syntax.js";
import { validateDefinition } from "./validate.js";

const tokens = [
  "for i in ",
  "1..",
  "100000000",
  " return ",
  "some x in ",
  " satisfies ",
  "every ",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  ",",
  ":",
  "+",
  "*",
  "-",
  " and ",
  " or ",
  "if ",
  " then ",
  " else ",
  "vars.",
  "n",
  "event.data.",
  "count(",
  "sum(",
  "string join(",
  '"x"',
  "null",
  "function(f) ",
  "f(",
  "a: ",
  "1",
  "0",
  ".",
  " ",
  "date(",
  "now",
  "today()",
  "[item > 1]",
];

const feelText = fc
  .array(fc.constantFrom(...tokens), { maxLength: 1200 })
  .map((parts) => parts.join(""));

function definitionWith(expression: string) {
  return {
    key: "fuzzed",
    name: "fuzzed",
    initial: "a",
    states: {
      a: { on: { GO: { target: "b", assign: { x: expression } } } },
      b: { type: "final" },
    },
  };
}

describe("random FEEL text through validate", () => {
  test("text over the cap is refused by its length alone; every answer comes within 100 ms", () => {
    fc.assert(
      fc.property(feelText, (expression) => {
        const started = performance.now();
        const { problems } = validateDefinition(definitionWith(expression));
        const elapsed = performance.now() - started;
        expect(elapsed).toBeLessThan(100);
        if (expression.length > FEEL_LIMITS.maxLength) {
          expect(problems).toHaveLength(1);
          expect(problems[0]!.message).toContain("表达式过长");
          expect(problems[0]!.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("text that passes validation runs inline only when it cannot iterate", () => {
    fc.assert(
      fc.property(feelText, (expression) => {
        const valid =
          feelLimitProblems(expression).length === 0 && feelSyntaxProblems(expression).length === 0;
        if (valid && /(^|[^\w.])(for |some |every |function\()|\.\.|\{/.test(expression)) {
          expect(needsSandbox(expression)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
