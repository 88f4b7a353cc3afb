import { readdirSync, readFileSync } from "node:fs";
import { evaluate, isFunction } from "feelin";
import { describe, expect, it } from "vitest";
import { packageCalendarDays } from "../calendar/package-calendar.js";
import { createWorkingCalendar } from "../calendar/working-calendar.js";
import { ExpressionError } from "../errors.js";
import { isRecord, readDefinitionOutline } from "./definition-outline.js";
import { declaredVariableNames, embeddedSchemas } from "./embedded-schemas.js";
import { createFeelExpressions, type FeelExpressions } from "./feel-expressions.js";
import { evaluateFeel, feelScope, type EventMeta } from "./feel.js";

const fromPackage = packageCalendarDays();
const calendar = createWorkingCalendar({
  days: fromPackage.days,
  completeYears: fromPackage.years,
});

function meta(expressions?: FeelExpressions): EventMeta {
  return {
    now: "2026-11-29T06:30:00.000Z",
    actor: { id: "officer-1", groups: ["safety-office", "township-a"] },
    instance: { id: "i-1", businessKey: "HZ-2026-001" },
    calendar,
    ...(expressions ? { expressions } : {}),
  };
}

/** The value an expression gives, or the error it throws, as something `toEqual` compares. */
function outcome(expression: string, vars: Record<string, unknown>, m: EventMeta): unknown {
  const scope = feelScope({ vars, event: { type: "SUBMIT", data: vars }, meta: m });
  try {
    return { value: evaluateFeel(expression, scope) };
  } catch (error) {
    return { error: error instanceof ExpressionError ? error.name : String(error) };
  }
}

/** Plausible values for each declared field, by its JSON Schema type. */
function sampleVars(schemas: unknown[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const schema of schemas) {
    if (!isRecord(schema) || !isRecord(schema.properties)) continue;
    for (const [name, field] of Object.entries(schema.properties)) {
      const type = isRecord(field) ? field.type : undefined;
      const format = isRecord(field) ? field.format : undefined;
      const choices = isRecord(field) && Array.isArray(field.enum) ? field.enum : null;
      vars[name] = choices
        ? choices[0]
        : type === "number" || type === "integer"
          ? 3
          : type === "boolean"
            ? true
            : type === "array"
              ? []
              : format === "date"
                ? "2026-12-01"
                : type === "object"
                  ? {}
                  : "样例";
    }
  }
  return vars;
}

describe("FEEL expressions compiled once per definition", () => {
  const dir = new URL("../../processes/", import.meta.url);
  const files = readdirSync(dir).filter((name) => name.endsWith(".json"));

  it.each(files)(
    "give every expression of %s the value it had when parsed on each evaluation",
    (file) => {
      const json: unknown = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
      const outline = readDefinitionOutline(json);
      const expressions = createFeelExpressions(declaredVariableNames(outline));
      const filled = sampleVars(embeddedSchemas(outline).map(({ schema }) => schema));
      expect(outline.expressions.length).toBeGreaterThan(0);
      for (const { expression } of outline.expressions) {
        for (const vars of [{}, filled]) {
          expect(outcome(expression, vars, meta(expressions)), expression).toEqual(
            outcome(expression, vars, meta()),
          );
        }
        // Compiled, not left to the slow path (a guard message's `=` is not part of its FEEL).
        const text = expression.startsWith("=") ? expression.slice(1) : expression;
        expect(expressions(text), text).not.toBeNull();
      }
    },
  );

  it("reads a declared name with spaces, as validation parses it", () => {
    const expressions = createFeelExpressions(["due date"]);
    const vars = { "due date": "2026-12-01" };
    expect(outcome("vars.due date", vars, meta(expressions))).toEqual({ value: "2026-12-01" });
  });

  it("still refuses an expression that does not parse", () => {
    const expressions = createFeelExpressions();
    expect(expressions("vars.fine *")).toBeNull();
    expect(outcome("vars.fine *", {}, meta(expressions))).toEqual({ error: "ExpressionError" });
  });

  it("gives each evaluation its own scope", () => {
    const expressions = createFeelExpressions();
    const bump = "if vars.count = null then 1 else vars.count + 1";
    expect(outcome(bump, {}, meta(expressions))).toEqual({ value: 1 });
    expect(outcome(bump, { count: 41 }, meta(expressions))).toEqual({ value: 42 });
    expect(outcome(bump, {}, meta(expressions))).toEqual({ value: 1 });
  });

  it("relies on feelin writing a compiled function's warnings to the list the definition returned (emptied after each call)", () => {
    // If feelin ever handed out a copy, the real list would grow with every warning, unseen.
    const defined = evaluate("function(vars) vars.missing", {});
    expect(isFunction(defined.value)).toBe(true);
    if (isFunction(defined.value)) defined.value.invoke([{}]);
    expect(defined.warnings).toHaveLength(1);
  });
});
