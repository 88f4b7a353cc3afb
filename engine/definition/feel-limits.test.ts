/**
 * Fuzz (issue 11, finding 1): random FEEL text through validation never takes
 * long or much memory. Both follow from the parser (whose time and memory grow
 * faster than its input) only ever being given text under the length cap: the
 * first property checks that for every input by watching what feelin parses,
 * rather than by timing answers on a shared machine.
 */
import fc from "fast-check";
import * as feelin from "feelin";
import { describe, expect, test, vi } from "vitest";
import { FEEL_LIMITS, feelLimitProblems, needsSandbox } from "./feel-limits.js";
import { feelSyntaxProblems } from "./feel-syntax.js";
import { validateDefinition } from "./validate.js";

vi.mock("feelin", async (importOriginal) => {
  const original = await importOriginal<typeof import("feelin")>();
  return {
    ...original,
    parseExpression: vi.fn(original.parseExpression),
    evaluate: vi.fn(original.evaluate),
  };
});

/** The longest text feelin was asked to parse or evaluate since the last call. */
function longestParsed(): number {
  const calls = [
    ...vi.mocked(feelin.parseExpression).mock.calls,
    ...vi.mocked(feelin.evaluate).mock.calls,
  ];
  vi.mocked(feelin.parseExpression).mockClear();
  vi.mocked(feelin.evaluate).mockClear();
  return Math.max(0, ...calls.map(([text]) => text.length));
}

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
  test("the parser never sees text over the cap; such text is refused by its length alone", () => {
    let parsedSome = false;
    fc.assert(
      fc.property(feelText, (expression) => {
        const { problems } = validateDefinition(definitionWith(expression));
        const longest = longestParsed();
        expect(longest).toBeLessThanOrEqual(FEEL_LIMITS.maxLength);
        if (longest > 0) parsedSome = true;
        if (expression.length > FEEL_LIMITS.maxLength) {
          expect(problems).toHaveLength(1);
          expect(problems[0]!.message).toContain("表达式过长");
          expect(problems[0]!.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 300 },
    );
    expect(parsedSome).toBe(true);
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
