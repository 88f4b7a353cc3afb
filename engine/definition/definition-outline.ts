/**
 * A lenient reading of a definition for the structural checks: the state tree,
 * transitions, task outcomes, actions and FEEL expressions, each with its JSON
 * path. It reads any JSON value and skips what is malformed (the zod schema
 * reports that), so that a definition with schema problems still gets every
 * structural problem too.
 *
 * @example
 * ```ts
 * const outline = readDefinitionOutline(JSON.parse(text));
 * for (const state of outline.states) console.log(formatPath(state.path), state.type);
 * ```
 */
import type { JsonPath } from "./format-path.js";

export type OutlineStateType = "atomic" | "compound" | "parallel" | "final";

export interface OutlineTransition {
  kind: "on" | "after" | "onDone" | "always";
  /** The event of an `on` entry. */
  event?: string;
  /** The target key, when one is written as a string. */
  target?: string;
  /** Where the target is written: `….target`, or the entry itself for the string shorthand. */
  targetPath: JsonPath;
}

export interface OutlineOutcome {
  event: string;
  /** Path of the outcome's `event` field. */
  path: JsonPath;
}

export interface OutlineState {
  key: string;
  path: JsonPath;
  parent: OutlineState | null;
  children: OutlineState[];
  /** `type` as written when it is a known type, else compound when it has states, else atomic. */
  type: OutlineStateType;
  raw: Record<string, unknown>;
  transitions: OutlineTransition[];
  /** Events handled by the state's own `on`. */
  handledEvents: Set<string>;
  outcomes: OutlineOutcome[];
}

export interface OutlineAction {
  path: JsonPath;
  raw: Record<string, unknown>;
}

export interface OutlineExpression {
  path: JsonPath;
  expression: string;
}

export interface OutlineEventName {
  name: string;
  path: JsonPath;
}

export interface DefinitionOutline {
  raw: Record<string, unknown>;
  /** Every state, parents before children, in document order. */
  states: OutlineState[];
  topLevel: OutlineState[];
  /** Transitions of the root `on`. */
  rootTransitions: OutlineTransition[];
  rootHandledEvents: Set<string>;
  actions: OutlineAction[];
  expressions: OutlineExpression[];
  /** Every event name written by the author: `on` keys, outcomes, sendToParent/sendToChildren events. */
  eventNames: OutlineEventName[];
}

const STATE_TYPES: readonly string[] = ["atomic", "compound", "parallel", "final"];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the definition leniently; a value that is not an object gives an empty outline. */
export function readDefinitionOutline(json: unknown): DefinitionOutline {
  const raw = isRecord(json) ? json : {};
  const outline: DefinitionOutline = {
    raw,
    states: [],
    topLevel: [],
    rootTransitions: [],
    rootHandledEvents: new Set(),
    actions: [],
    expressions: [],
    eventNames: [],
  };

  const addExpression = (value: unknown, path: JsonPath) => {
    if (typeof value === "string" && value !== "")
      outline.expressions.push({ path, expression: value });
  };
  const addExprRef = (value: unknown, path: JsonPath) => {
    if (isRecord(value)) addExpression(value.expr, [...path, "expr"]);
  };
  const addExpressionMap = (value: unknown, path: JsonPath) => {
    if (!isRecord(value)) return;
    for (const [name, expression] of Object.entries(value))
      addExpression(expression, [...path, name]);
  };
  const addGroupList = (value: unknown, path: JsonPath) => {
    if (Array.isArray(value)) value.forEach((item, i) => addExprRef(item, [...path, i]));
    else addExprRef(value, path);
  };

  // Groups and `{expr}` as in any group list; a role's argument is an expression too.
  const addRecipients = (value: unknown, path: JsonPath) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      if (isRecord(item) && !("expr" in item)) addExpressionMap(item, [...path, i]);
      else addExprRef(item, [...path, i]);
    });
  };

  const readActions = (value: unknown, path: JsonPath) => {
    if (!Array.isArray(value)) return;
    value.forEach((action, i) => {
      if (!isRecord(action)) return;
      const at = [...path, i];
      outline.actions.push({ path: at, raw: action });
      switch (action.type) {
        case "notify":
          addRecipients(action.to, [...at, "to"]);
          addExpression(action.message, [...at, "message"]);
          addExpression(action.title, [...at, "title"]);
          break;
        case "assign":
          addExpressionMap(action.assign, [...at, "assign"]);
          break;
        case "startProcess":
          addExpressionMap(action.variables, [...at, "variables"]);
          addExpression(action.businessKey, [...at, "businessKey"]);
          break;
        case "sendToParent":
        case "sendToChildren":
          if (typeof action.event === "string") {
            outline.eventNames.push({ name: action.event, path: [...at, "event"] });
          }
          addExpressionMap(action.data, [...at, "data"]);
          break;
      }
    });
  };

  /** One transition object (or target string) at `path`. */
  const readTransition = (
    value: unknown,
    path: JsonPath,
    kind: OutlineTransition["kind"],
    event: string | undefined,
  ): OutlineTransition | null => {
    if (typeof value === "string") return { kind, event, target: value, targetPath: path };
    if (!isRecord(value)) return null;
    if (isRecord(value.guard)) {
      addExpression(value.guard.expr, [...path, "guard", "expr"]);
      // A message starting with `=` is a FEEL expression giving the text.
      const message = value.guard.message;
      if (typeof message === "string" && message.startsWith("="))
        addExpression(message.slice(1), [...path, "guard", "message"]);
    } else addExpression(value.guard, [...path, "guard"]);
    addExpressionMap(value.assign, [...path, "assign"]);
    readActions(value.actions, [...path, "actions"]);
    const target = typeof value.target === "string" ? value.target : undefined;
    return { kind, event, target, targetPath: [...path, "target"] };
  };

  const readTransitionSpec = (
    value: unknown,
    path: JsonPath,
    kind: OutlineTransition["kind"],
    event?: string,
  ): OutlineTransition[] => {
    const items = Array.isArray(value)
      ? value.map((item, i) => [item, [...path, i]] as const)
      : [[value, path] as const];
    return items.flatMap(([item, at]) => readTransition(item, at, kind, event) ?? []);
  };

  const readOn = (value: unknown, path: JsonPath, handled: Set<string>): OutlineTransition[] => {
    if (!isRecord(value)) return [];
    return Object.entries(value).flatMap(([event, spec]) => {
      handled.add(event);
      outline.eventNames.push({ name: event, path: [...path, event] });
      return readTransitionSpec(spec, [...path, event], "on", event);
    });
  };

  const readAfter = (value: unknown, path: JsonPath): OutlineTransition[] => {
    if (!Array.isArray(value)) return [];
    return value.flatMap((entry, i) => {
      const at = [...path, i];
      if (!isRecord(entry)) return [];
      if (isRecord(entry.delay)) {
        addExpression(entry.delay.at, [...at, "delay", "at"]);
        addExpression(entry.delay.expr, [...at, "delay", "expr"]);
      }
      return readTransition(entry, at, "after", undefined) ?? [];
    });
  };

  const readTask = (task: unknown, path: JsonPath, state: OutlineState) => {
    if (!isRecord(task)) return;
    addGroupList(task.candidateGroups, [...path, "candidateGroups"]);
    addExprRef(task.assignee, [...path, "assignee"]);
    addExprRef(task.due, [...path, "due"]);
    addExprRef(task.each, [...path, "each"]);
    if (task.complete !== "all" && task.complete !== "any")
      addExpression(task.complete, [...path, "complete"]);
    if (!Array.isArray(task.outcomes)) return;
    task.outcomes.forEach((outcome, i) => {
      if (!isRecord(outcome) || typeof outcome.event !== "string") return;
      const at = [...path, "outcomes", i, "event"];
      state.outcomes.push({ event: outcome.event, path: at });
      outline.eventNames.push({ name: outcome.event, path: at });
    });
  };

  const readStates = (
    value: unknown,
    parent: OutlineState | null,
    parentPath: JsonPath,
  ): OutlineState[] => {
    if (!isRecord(value)) return [];
    const result: OutlineState[] = [];
    for (const [key, node] of Object.entries(value)) {
      if (!isRecord(node)) continue;
      const path = [...parentPath, "states", key];
      const hasStates = isRecord(node.states) && Object.keys(node.states).length > 0;
      const type =
        typeof node.type === "string" && STATE_TYPES.includes(node.type)
          ? (node.type as OutlineStateType)
          : hasStates
            ? "compound"
            : "atomic";
      const state: OutlineState = {
        key,
        path,
        parent,
        children: [],
        type,
        raw: node,
        transitions: [],
        handledEvents: new Set(),
        outcomes: [],
      };
      outline.states.push(state);
      result.push(state);
      readActions(node.entry, [...path, "entry"]);
      readActions(node.exit, [...path, "exit"]);
      state.transitions.push(
        ...readOn(node.on, [...path, "on"], state.handledEvents),
        ...readAfter(node.after, [...path, "after"]),
        ...(node.onDone === undefined
          ? []
          : readTransitionSpec(node.onDone, [...path, "onDone"], "onDone")),
        ...(node.always === undefined
          ? []
          : readTransitionSpec(node.always, [...path, "always"], "always")),
      );
      readTask(node.task, [...path, "task"], state);
      state.children = readStates(node.states, state, path);
    }
    return result;
  };

  readActions(raw.entry, ["entry"]);
  outline.rootTransitions = readOn(raw.on, ["on"], outline.rootHandledEvents);
  addGroupList(raw.visibility, ["visibility"]);
  addGroupList(raw.starters, ["starters"]);
  if (isRecord(raw.events)) {
    for (const [name, event] of Object.entries(raw.events)) {
      if (isRecord(event)) addGroupList(event.groups, ["events", name, "groups"]);
    }
  }
  outline.topLevel = readStates(raw.states, null, []);
  return outline;
}
