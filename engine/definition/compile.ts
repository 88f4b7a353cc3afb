/**
 * Compiles a definition (format version 1) to an XState v5 machine.
 *
 * XState's pure `transition()` stays the source of truth. What XState keeps in
 * memory (delayed events, invoked actors) is never used: each `after` entry
 * becomes a transition on an engine timer event (`zb.timer.<state>.<n>`), and
 * every state gets marker actions (`zb.enter` first in its entry, `zb.exit`
 * last in its exit) whose params, resolved by XState at the moment the state is
 * entered, carry the task and timers to create. The runtime reads the ordered
 * action list to open and cancel tasks and timers, re-entries included.
 *
 * Browser-safe: the designer's simulator runs this same code.
 *
 * @example
 * ```ts
 * const compiled = compileDefinition(definition);
 * const [snapshot, actions] = initialTransition(compiled.machine, { vars, $meta });
 * ```
 */
import { assign, setup, type AnyStateMachine } from "xstate";
import { readDefinitionOutline } from "./definition-outline.js";
import { dueAfter, type DueMoment } from "./duration.js";
import { declaredVariableNames } from "./embedded-schemas.js";
import { createFeelExpressions, type FeelExpressions } from "./feel-expressions.js";
import { createMachineRunner, type MachineRunner } from "./machine-runner.js";
import {
  evaluateFeel,
  evaluateGuard,
  feelScope,
  toInstant,
  type EventMeta,
  type FeelScope,
} from "./feel.js";
import type {
  Action,
  AfterEntry,
  Definition,
  ExprRef,
  StateNodeSpec,
  Recipient,
  StringOrExpr,
  Task,
  TaskEach,
  Transition,
  TransitionSpec,
} from "./schema.js";
import { guardExpression } from "./schema.js";
import { transitionsOf, walkStates, type StateEntry } from "./walk-states.js";
import { ExpressionError } from "../errors.js";
import type { TaskMember } from "../types.js";

/**
 * What one step's expressions see besides `vars` and the event, and where its
 * guards report why they could not be evaluated. It rides in the machine's
 * context for the duration of a step (XState's own done events see it too) and
 * is never persisted.
 */
export interface StepScope {
  meta: EventMeta;
  guardErrors: string[];
  /** Guards that evaluated to something other than `true`, in the order tried. */
  refusals: GuardRefusal[];
  /** Automatic transitions (`always`) taken so far in this step (bounded: see `MAX_AUTOMATIC_MOVES`). */
  automaticMoves?: number;
}

/** A guard that refused: its message (evaluated when written `=<FEEL>`), the form field it is about, the transition's label. */
export interface GuardRefusal {
  message?: string;
  field?: string;
  label?: string;
}

export interface MachineContext {
  vars: Record<string, unknown>;
  $step?: StepScope;
}

/** An event as the machine sees it: the user's `type` and `data`. */
export interface MachineEvent {
  type: string;
  data?: Record<string, unknown>;
  /** Engine-internal events (timers, CHILD_DONE) are not merged into vars. */
  $internal?: boolean;
}

/**
 * How a working-day due date was counted (from when, what duration), kept so that
 * it can be counted again once the calendar knows the year it reached into.
 */
export interface DueRule {
  from: string;
  duration: string;
}

export interface ResolvedTask {
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: string | null;
  /** The due date counted working days into a year the calendar does not know yet. */
  calendarIncomplete: boolean;
  /** Set for working-day due dates. */
  dueRule: DueRule | null;
  priority: number;
  form: Record<string, unknown> | null;
  outcomes: Task["outcomes"];
  /** 会签/或签: one sub-task per member (null: one ordinary task). */
  members: TaskMember[] | null;
}

export interface ResolvedTimer {
  index: number;
  event: string;
  dueAt: string;
  calendarIncomplete: boolean;
  dueRule: DueRule | null;
}

/** What a transition asks the runtime to do, in the order XState produced it. */
export type RuntimeAction =
  | { type: "enter"; state: string; task: ResolvedTask | null; timers: ResolvedTimer[] }
  | { type: "exit"; state: string }
  /** An automatic transition (`always`) of `state` was taken; `label` says why. */
  | { type: "automatic"; state: string; target: string | null; label: string | null }
  | {
      type: "notify";
      to: string[];
      message: string;
      title: string | null;
      channel: string;
      urgent: boolean;
    }
  | {
      type: "startProcess";
      key: string;
      variables: Record<string, unknown>;
      businessKey: string | null;
    }
  | { type: "sendToParent"; event: string; data: Record<string, unknown> }
  | { type: "sendToChildren"; event: string; data: Record<string, unknown>; key: string | null };

export interface CompiledDefinition {
  definition: Definition;
  machine: AnyStateMachine;
  /** XState's pure transitions of `machine`, with its actor scope built once. */
  runner: MachineRunner;
  /** Every state by key. */
  states: Map<string, StateEntry>;
  /** Timer event type → the state and `after` index it belongs to. */
  timers: Map<string, { state: string; index: number }>;
  /** Whether any state has a task / a timer (no need to look for open ones otherwise). */
  uses: { tasks: boolean; timers: boolean };
  /** Its FEEL expressions, each parsed once on first use (pass it in `EventMeta.expressions`). */
  expressions: FeelExpressions;
}

export const TIMER_EVENT_PREFIX = "zb.timer.";
/**
 * Automatic transitions one step may take. Validation refuses a cycle of them; this bound
 * stops a definition that skipped validation from looping for ever inside XState.
 */
export const MAX_AUTOMATIC_MOVES = 32;
const ROOT_ID = "zb.process";

export function timerEventType(stateKey: string, index: number): string {
  return `${TIMER_EVENT_PREFIX}${stateKey}.${index}`;
}

type ActionArgs = { context: MachineContext; event: { type: string; data?: unknown } };

function metaOf(context: MachineContext): EventMeta {
  if (!context.$step) throw new Error("expressions evaluated outside a step (no $step in context)");
  return context.$step.meta;
}

function scopeOf({ context, event }: ActionArgs): FeelScope {
  return feelScope({
    vars: context.vars,
    event: { type: event.type, data: event.data },
    meta: metaOf(context),
  });
}

function resolveString(value: StringOrExpr, scope: FeelScope): string | null {
  if (typeof value === "string") return value;
  const result = evaluateFeel(value.expr, scope);
  return result === null ? null : String(result);
}

function resolveGroups(list: StringOrExpr[] | ExprRef | undefined, scope: FeelScope): string[] {
  if (!list) return [];
  const items = Array.isArray(list) ? list : [list];
  const groups: string[] = [];
  for (const item of items) {
    if (typeof item === "string") groups.push(item);
    else {
      const value = evaluateFeel(item.expr, scope);
      for (const g of Array.isArray(value) ? value : [value])
        if (g !== null && g !== "") groups.push(String(g));
    }
  }
  return [...new Set(groups)];
}

/**
 * A notification's recipients as the outbox keeps them: groups, `user:<id>`, and roles as
 * `<role>:<argument>` (e.g. `enterprisePrincipal:hongda`), resolved by the worker.
 */
function resolveRecipients(list: Recipient[], scope: FeelScope): string[] {
  const recipients: string[] = [];
  for (const item of list) {
    if (typeof item === "string" || "expr" in item) {
      recipients.push(...resolveGroups([item as StringOrExpr], scope));
      continue;
    }
    for (const [role, expr] of Object.entries(item)) {
      const value = evaluateFeel(expr, scope);
      for (const v of Array.isArray(value) ? value : [value])
        if (v !== null && v !== undefined && v !== "") recipients.push(`${role}:${String(v)}`);
    }
  }
  return [...new Set(recipients)];
}

interface ResolvedMoment extends DueMoment {
  rule: DueRule | null;
}

function afterDuration(
  now: Date,
  duration: string,
  calendar: "days" | "workdays" | undefined,
  meta: EventMeta,
): ResolvedMoment {
  const due = dueAfter(now, duration, calendar, meta.calendar);
  const rule = calendar === "workdays" ? { from: now.toISOString(), duration } : null;
  return { ...due, rule };
}

/** A moment from a duration (string or expression giving one) or an expression giving a date. */
function resolveMoment(
  spec: string | ExprRef | { at: string },
  calendar: "days" | "workdays" | undefined,
  scope: FeelScope,
  now: Date,
  meta: EventMeta,
): ResolvedMoment {
  if (typeof spec === "string") return afterDuration(now, spec, calendar, meta);
  const fixed = (at: Date) => ({ at, calendarIncomplete: false, rule: null });
  if ("at" in spec) return fixed(toInstant(evaluateFeel(spec.at, scope), spec.at));
  const value = evaluateFeel(spec.expr, scope);
  if (typeof value === "string" && value.startsWith("P"))
    return afterDuration(now, value, calendar, meta);
  return fixed(toInstant(value, spec.expr));
}

function resolveTask(task: Task, scope: FeelScope, now: Date, meta: EventMeta): ResolvedTask {
  const due =
    task.due === undefined ? null : resolveMoment(task.due, task.calendar, scope, now, meta);
  return {
    name: task.name,
    candidateGroups: resolveGroups(task.candidateGroups, scope),
    assignee: task.assignee === undefined ? null : resolveString(task.assignee, scope),
    dueAt: due === null ? null : due.at.toISOString(),
    calendarIncomplete: due?.calendarIncomplete ?? false,
    dueRule: due?.rule ?? null,
    priority: task.priority ?? 50,
    form: task.form ?? null,
    outcomes: task.outcomes,
    members: task.each === undefined ? null : resolveMembers(task.each, scope),
  };
}

/** The members of a 会签/或签, each once, in the order listed. */
function resolveMembers(each: TaskEach, scope: FeelScope): TaskMember[] {
  let members: TaskMember[];
  if ("groups" in each) members = each.groups.map((group) => ({ group }));
  else if ("users" in each) members = each.users.map((user) => ({ user }));
  else {
    const value = evaluateFeel(each.expr, scope);
    members = (Array.isArray(value) ? value : [value]).flatMap(memberOf);
  }
  const seen = new Set<string>();
  const unique = members.filter((member) => {
    const id = JSON.stringify(member);
    return !seen.has(id) && seen.add(id);
  });
  if (unique.length === 0)
    throw new ExpressionError("expr" in each ? each.expr : "each", "each gave no group or user");
  return unique;
}

/** An item of an `each` list: a group name, or `{ group }` / `{ user }`. */
function memberOf(item: unknown): TaskMember[] {
  if (typeof item === "string" && item !== "") return [{ group: item }];
  if (item && typeof item === "object") {
    const { group, user } = item as { group?: unknown; user?: unknown };
    if (typeof group === "string" && group !== "") return [{ group }];
    if (typeof user === "string" && user !== "") return [{ user }];
  }
  return [];
}

function evaluateMap(
  map: Record<string, string> | undefined,
  scope: FeelScope,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(map ?? {})) result[name] = evaluateFeel(expr, scope);
  return result;
}

function compileAction(action: Action): unknown {
  switch (action.type) {
    case "assign":
      return { type: "zb.assign", params: { assign: action.assign, merge: false } };
    case "notify":
      return {
        type: "zb.notify",
        params: (args: ActionArgs) => {
          const scope = scopeOf(args);
          return {
            to: resolveRecipients(action.to, scope),
            message: String(evaluateFeel(action.message, scope) ?? ""),
            title:
              action.title === undefined ? null : String(evaluateFeel(action.title, scope) ?? ""),
            channel: action.channel ?? "default",
            urgent: action.urgent ?? true,
          };
        },
      };
    case "startProcess":
      return {
        type: "zb.startProcess",
        params: (args: ActionArgs) => {
          const scope = scopeOf(args);
          const businessKey =
            action.businessKey === undefined ? null : evaluateFeel(action.businessKey, scope);
          return {
            key: action.key,
            variables: evaluateMap(action.variables, scope),
            businessKey: businessKey === null ? null : String(businessKey),
          };
        },
      };
    case "sendToParent":
      return {
        type: "zb.sendToParent",
        params: (args: ActionArgs) => ({
          event: action.event,
          data: evaluateMap(action.data, scopeOf(args)),
        }),
      };
    case "sendToChildren":
      return {
        type: "zb.sendToChildren",
        params: (args: ActionArgs) => ({
          event: action.event,
          data: evaluateMap(action.data, scopeOf(args)),
          key: action.key ?? null,
        }),
      };
  }
}

interface GuardParams {
  expr: string;
  message: string | undefined;
  field: string | undefined;
  label: string | undefined;
}

/** What a refusing guard tells the user; a `=<FEEL>` message that fails to evaluate falls back to the default. */
function guardRefusal(params: GuardParams, scope: FeelScope): GuardRefusal {
  let message = params.message;
  if (message?.startsWith("=")) {
    try {
      const value = evaluateFeel(message.slice(1), scope);
      message = typeof value === "string" && value !== "" ? value : undefined;
    } catch {
      message = undefined;
    }
  }
  return {
    ...(message === undefined ? {} : { message }),
    ...(params.field === undefined ? {} : { field: params.field }),
    ...(params.label === undefined ? {} : { label: params.label }),
  };
}

/**
 * `merge`: the event's data joins vars (an event's own transitions); an automatic one
 * merges nothing, since the event it follows already did.
 */
function compileTransition(transition: Transition, merge = true): Record<string, unknown> {
  return {
    ...(transition.target === undefined ? {} : { target: `#${transition.target}` }),
    ...(transition.guard === undefined
      ? {}
      : {
          guard: {
            type: "zb.guard",
            params: {
              expr: guardExpression(transition.guard),
              message: typeof transition.guard === "string" ? undefined : transition.guard.message,
              field: typeof transition.guard === "string" ? undefined : transition.guard.field,
              label: transition.label,
            } satisfies GuardParams,
          },
        }),
    ...(transition.reenter ? { reenter: true } : {}),
    actions: [
      { type: "zb.assign", params: { assign: transition.assign ?? {}, merge } },
      ...(transition.actions ?? []).map(compileAction),
    ],
  };
}

function compileTransitions(spec: TransitionSpec | undefined): Record<string, unknown>[] {
  return transitionsOf(spec).map((transition) => compileTransition(transition));
}

/** A state's `always` list; each taken one leaves a `zb.automatic` marker first for the history. */
function compileAlways(stateKey: string, spec: TransitionSpec): Record<string, unknown>[] {
  return transitionsOf(spec).map((transition) => {
    const compiled = compileTransition(transition, false);
    const marker = {
      type: "zb.automatic",
      params: ({ context }: ActionArgs) => {
        const step = context.$step;
        if (step) {
          step.automaticMoves = (step.automaticMoves ?? 0) + 1;
          if (step.automaticMoves > MAX_AUTOMATIC_MOVES)
            throw new ExpressionError(
              `states.${stateKey}.always`,
              `more than ${MAX_AUTOMATIC_MOVES} automatic transitions in one step (a loop)`,
            );
        }
        return {
          state: stateKey,
          target: transition.target ?? null,
          label: transition.label ?? null,
        };
      },
    };
    return { ...compiled, actions: [marker, ...(compiled.actions as unknown[])] };
  });
}

function compileOn(
  on: Record<string, TransitionSpec> | undefined,
  after: AfterEntry[] | undefined,
  stateKey: string | null,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [event, spec] of Object.entries(on ?? {})) result[event] = compileTransitions(spec);
  if (stateKey !== null) {
    (after ?? []).forEach((entry, index) => {
      result[timerEventType(stateKey, index)] = [compileTransition(entry)];
    });
  }
  return result;
}

function compileState(
  key: string,
  node: StateNodeSpec,
  type: StateEntry["type"],
): Record<string, unknown> {
  const enter = {
    type: "zb.enter",
    params: (args: ActionArgs) => {
      const scope = scopeOf(args);
      const meta = metaOf(args.context);
      const now = new Date(meta.now);
      return {
        state: key,
        task: node.task ? resolveTask(node.task, scope, now, meta) : null,
        timers: (node.after ?? []).map((entry, index) => {
          const due = resolveMoment(entry.delay, entry.calendar, scope, now, meta);
          return {
            index,
            event: timerEventType(key, index),
            dueAt: due.at.toISOString(),
            calendarIncomplete: due.calendarIncomplete,
            dueRule: due.rule,
          };
        }),
      };
    },
  };
  const config: Record<string, unknown> = {
    id: key,
    entry: [enter, ...(node.entry ?? []).map(compileAction)],
    exit: [...(node.exit ?? []).map(compileAction), { type: "zb.exit", params: { state: key } }],
    on: compileOn(node.on, node.after, key),
  };
  if (type !== "atomic") config.type = type;
  if (node.initial !== undefined && type === "compound") config.initial = node.initial;
  if (node.onDone !== undefined) config.onDone = compileTransitions(node.onDone);
  if (node.always !== undefined) config.always = compileAlways(key, node.always);
  if (node.states) {
    config.states = Object.fromEntries(
      Object.entries(node.states).map(([childKey, child]) => [
        childKey,
        compileState(childKey, child, typeOfNode(child)),
      ]),
    );
  }
  return config;
}

function typeOfNode(node: StateNodeSpec): StateEntry["type"] {
  if (node.type) return node.type;
  return node.states && Object.keys(node.states).length > 0 ? "compound" : "atomic";
}

/** Builds the machine. The definition must already be valid (see `validateDefinition`). */
export function compileDefinition(definition: Definition): CompiledDefinition {
  const states = new Map(walkStates(definition).map((entry) => [entry.key, entry]));
  const timers = new Map<string, { state: string; index: number }>();
  for (const entry of states.values()) {
    (entry.node.after ?? []).forEach((_, index) =>
      timers.set(timerEventType(entry.key, index), { state: entry.key, index }),
    );
  }

  const machine = setup({
    types: {} as {
      context: MachineContext;
      events: MachineEvent;
      input: { vars: Record<string, unknown>; $step?: StepScope };
    },
    guards: {
      "zb.guard": ({ context, event }, params: GuardParams) => {
        const scope = scopeOf({ context, event });
        let taken = false;
        try {
          taken = evaluateGuard(params.expr, scope);
        } catch (error) {
          context.$step?.guardErrors.push(error instanceof Error ? error.message : String(error));
        }
        if (!taken) context.$step?.refusals.push(guardRefusal(params, scope));
        return taken;
      },
    },
    actions: {
      "zb.assign": assign(
        ({ context, event }, params: { assign: Record<string, string>; merge: boolean }) => {
          let vars = context.vars;
          if (
            params.merge &&
            !event.$internal &&
            event.data &&
            typeof event.data === "object" &&
            !Array.isArray(event.data)
          ) {
            vars = { ...vars, ...event.data };
          }
          const names = Object.keys(params.assign);
          if (names.length > 0) {
            vars = { ...vars };
            for (const name of names) {
              vars[name] = evaluateFeel(
                params.assign[name] as string,
                scopeOf({ context: { ...context, vars }, event }),
              );
            }
          }
          return vars === context.vars ? {} : { vars };
        },
      ),
    },
  }).createMachine({
    id: ROOT_ID,
    context: ({ input }) => ({ vars: input.vars, $step: input.$step }),
    initial: definition.initial,
    entry: (definition.entry ?? []).map(compileAction) as never,
    on: compileOn(definition.on, undefined, null) as never,
    states: Object.fromEntries(
      Object.entries(definition.states).map(([key, node]) => [
        key,
        compileState(key, node, typeOfNode(node)),
      ]),
    ) as never,
  });

  const uses = {
    tasks: [...states.values()].some((s) => s.node.task !== undefined),
    timers: timers.size > 0,
  };
  const expressions = createFeelExpressions(
    declaredVariableNames(readDefinitionOutline(definition)),
  );
  return {
    definition,
    machine: machine as unknown as AnyStateMachine,
    runner: createMachineRunner(machine as unknown as AnyStateMachine),
    states,
    timers,
    uses,
    expressions,
  };
}

/**
 * The groups a definition's `visibility` names for these vars. An expression that
 * fails gives no group rather than failing the change.
 */
export function resolveVisibility(
  definition: Definition,
  vars: Record<string, unknown>,
  meta: EventMeta,
): string[] {
  const scope = feelScope({ vars, event: { type: "zb.visibility" }, meta });
  const groups: string[] = [];
  for (const item of definition.visibility ?? []) {
    try {
      groups.push(...resolveGroups([item], scope));
    } catch {
      // a misspelt variable must not hide the instance from everyone else
    }
  }
  return groups;
}
