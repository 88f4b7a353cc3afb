/**
 * Validates a process definition (DESIGN.md §3) and lists every problem with
 * its JSON path, never only the first: the zod schema, then the structure
 * (state keys, targets, `initial`, state types), reachability, ways out, loops of
 * automatic transitions, FEEL
 * syntax, task outcomes, `startProcess` keys, JSON Schemas, visibility and
 * reserved event names. Messages are in Chinese (people read them in the
 * designer and in the API's 422); paths stay as they are. When the schema fails, the other checks still run on
 * whatever can be read, so that five mistakes give five problems.
 *
 * Pure and synchronous, with no Node imports: the designer runs it in the browser.
 *
 * @example
 * ```ts
 * const result = validateDefinition(JSON.parse(text), { isPublished: (key) => keys.has(key) });
 * if (!result.valid) for (const p of result.problems) console.log(`${p.path}: ${p.message}`);
 * // states.review: 状态 "review" 无法从初始状态到达
 * ```
 */
import type { Problem } from "../errors.js";
import { isRecord, readDefinitionOutline, type DefinitionOutline } from "./definition-outline.js";
import { createBoundedCache } from "./bounded-cache.js";
import { declaredVariableNames, embeddedSchemas } from "./embedded-schemas.js";
import { FEEL_LIMITS, feelLimitProblems } from "./feel-limits.js";
import { engineFeelScope, feelSyntaxProblems } from "./feel-syntax.js";
import { fileFieldProblems } from "./file-field-problems.js";
import { formatPath, type PathProblem } from "./format-path.js";
import { jsonSchemaProblems } from "./json-schema-problems.js";
import { definitionSchema, type Definition } from "./schema.js";
import { schemaIssueProblems } from "./schema-issue-problems.js";
import { schemaIssueMessageZh } from "./schema-messages-zh.js";
import { stateGraphProblems } from "./state-graph-problems.js";
import { automaticTransitionProblems } from "./automatic-transition-problems.js";
import { stateStructureProblems } from "./state-structure-problems.js";
import { voteTaskProblems } from "./vote-task-problems.js";
import { scheduleProblems } from "./schedule-problems.js";

export { formatPath };

export interface ValidateDefinitionOptions {
  /** Whether a process key has a published version; without it, `startProcess` keys are not checked. */
  isPublished?: (key: string) => boolean;
  /** Whether a recipient role (`{ "enterprisePrincipal": … }` in `notify.to`) is registered; without it, roles are not checked. */
  isRole?: (name: string) => boolean;
}

export interface DefinitionValidation {
  valid: boolean;
  problems: Problem[];
  /** The parsed definition, present only when it is valid. */
  definition?: Definition;
}

/** Event names the engine uses itself: an author may neither handle nor send them. */
const RESERVED_EVENT_PREFIXES = ["xstate.", "zb."];

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateDefinition(
  json: unknown,
  options: ValidateDefinitionOptions = {},
): DefinitionValidation {
  const parsed = definitionSchema.safeParse(json, { error: schemaIssueMessageZh });
  const outline = readDefinitionOutline(json);
  const found: PathProblem[] = [
    ...(parsed.success ? [] : schemaIssueProblems(parsed.error.issues)),
    ...stateStructureProblems(outline),
    ...stateGraphProblems(outline),
    ...automaticTransitionProblems(outline),
    ...voteTaskProblems(outline),
    ...expressionProblems(outline),
    ...startProcessProblems(outline, options.isPublished),
    ...recipientRoleProblems(outline, options.isRole),
    ...embeddedSchemaProblems(outline),
    ...embeddedSchemas(outline).flatMap(({ schema, path }) => fileFieldProblems(schema, path)),
    ...protectedVarsProblems(outline.raw.protectedVars),
    ...reservedEventProblems(outline),
    ...scheduleProblems(outline.raw.schedules, expressionProblem),
  ];

  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const { path, message } of found) {
    const problem = { path: formatPath(path), message };
    const id = `${problem.path}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  const valid = problems.length === 0;
  return valid && parsed.success
    ? { valid, problems, definition: parsed.data }
    : { valid, problems };
}

/** A role no resolver answers would reach nobody: refused at publish, where the engine knows its roles. */
function recipientRoleProblems(
  outline: DefinitionOutline,
  isRole: ((name: string) => boolean) | undefined,
): PathProblem[] {
  if (!isRole) return [];
  return outline.actions.flatMap(({ path, raw }) => {
    if (raw.type !== "notify" || !Array.isArray(raw.to)) return [];
    return raw.to.flatMap((item: unknown, i: number) => {
      if (!isRecord(item) || "expr" in item) return [];
      return Object.keys(item)
        .filter((name) => !isRole(name))
        .map((name) => ({ path: [...path, "to", i, name], message: `未知的收件角色：${name}` }));
    });
  });
}

const feelProblemCache = createBoundedCache<string | null>(5000);

/** Longer expressions are quoted only by their start in a problem. */
const QUOTED_LENGTH = 200;

function expressionProblems(outline: DefinitionOutline): PathProblem[] {
  const names = [...declaredVariableNames(outline)].sort();
  const scope = engineFeelScope(names);
  const namesKey = JSON.stringify(names);
  return outline.expressions.flatMap(({ path, expression }) => {
    // An over-long text is refused without parsing; it is not worth a place in the cache.
    const message =
      expression.length > FEEL_LIMITS.maxLength
        ? expressionProblem(expression, scope)
        : feelProblemCache(`${namesKey}\u0000${expression}`, () =>
            expressionProblem(expression, scope),
          );
    return message === null ? [] : [{ path, message }];
  });
}

/** The limits first: the parser only ever sees an expression short enough for it. */
function expressionProblem(expression: string, scope: Record<string, unknown>): string | null {
  const quoted =
    expression.length > QUOTED_LENGTH ? `${expression.slice(0, QUOTED_LENGTH)}…` : expression;
  const limits = feelLimitProblems(expression, scope);
  if (limits.length > 0) return `FEEL 表达式超出限制（${limits.join("；")}）：${quoted}`;
  const errors = feelSyntaxProblems(expression, scope);
  if (errors.length === 0) return null;
  const detail = errors.map((e) => e.message).join("；");
  return `FEEL 表达式无法解析（${detail}）：${quoted}`;
}

function startProcessProblems(
  outline: DefinitionOutline,
  isPublished: ValidateDefinitionOptions["isPublished"],
): PathProblem[] {
  if (!isPublished) return [];
  const ownKey = outline.raw.key;
  return outline.actions.flatMap(({ path, raw }) => {
    const key = raw.key;
    if (raw.type !== "startProcess" || typeof key !== "string" || key === "" || key === ownKey)
      return [];
    if (isPublished(key)) return [];
    return [{ path: [...path, "key"], message: `没有标识为 "${key}" 的已发布流程` }];
  });
}

/** The start `variables`, every task `form` and event `schema` must be JSON Schemas of objects that ajv compiles. */
function embeddedSchemaProblems(outline: DefinitionOutline): PathProblem[] {
  return embeddedSchemas(outline).flatMap(({ schema, path }) =>
    isRecord(schema) ? jsonSchemaProblems(schema, path) : [],
  );
}

function protectedVarsProblems(protectedVars: unknown): PathProblem[] {
  if (!isRecord(protectedVars)) return [];
  return Object.entries(protectedVars).flatMap(([name, groups]): PathProblem[] => {
    const path = ["protectedVars", name];
    const problems: PathProblem[] = [];
    if (!VARIABLE_NAME.test(name)) problems.push({ path, message: `"${name}" 不是合法的变量名` });
    if (Array.isArray(groups) && groups.length === 0) {
      problems.push({ path, message: "请至少列出一个可以查看此变量的组" });
    }
    return problems;
  });
}

function reservedEventProblems(outline: DefinitionOutline): PathProblem[] {
  return outline.eventNames
    .filter(({ name }) => RESERVED_EVENT_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .map(({ name, path }) => ({
      path,
      message: `事件名 "${name}" 是保留名：以 ${RESERVED_EVENT_PREFIXES.map((p) => `"${p}"`).join(" 或 ")} 开头的名称由引擎自己使用`,
    }));
}
