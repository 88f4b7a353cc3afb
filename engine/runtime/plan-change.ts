/**
 * The rows one step writes, decided in memory: the instance's next row, its
 * history row, the tasks and jobs it opens, what it cancels, its notifications
 * and messages, who may now see the instance, and the events announced on
 * commit. Pure: the write side turns the plan into one statement and evaluates
 * nothing (engine/service/write-change.ts).
 *
 * A 会签/或签 task (`each`) opens one sub-task per member and a vote round in
 * the snapshot (runtime/cast-vote.ts); leaving its state drops the round.
 *
 * Tasks and timers are opened and cancelled in the order XState entered and
 * left states: a state entered and left within the step gets its rows already
 * cancelled; a state left and entered again cancels its earlier rows only.
 *
 * @example
 * ```ts
 * const result = step(compiled, row.snapshot, event, meta);
 * const plan = planChange({ compiled, instance: row, result, meta, actor, kind: "event", event, now });
 * ```
 */
import {
  resolveVisibility,
  type CompiledDefinition,
  type DueRule,
  type ResolvedTask,
} from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import { newId, type InstanceId, type TaskId } from "../ids.js";
import {
  SYSTEM_ACTOR,
  type Actor,
  type EngineEvent,
  type HistoryKind,
  type InstanceStatus,
} from "../types.js";
import { automaticMoves } from "./automatic-moves.js";
import type { VoteRound } from "./cast-vote.js";
import type { StepResult } from "./step.js";

/** What the plan needs of the instance as it was (for a start: as it is being created). */
export interface PlannedInstance {
  id: string;
  processKey: string;
  businessKey: string | null;
  parentId: string | null;
  revision: number;
  participants: string[];
  visibleTo: string[];
}

export interface ChangeInput {
  compiled: CompiledDefinition;
  instance: PlannedInstance;
  result: StepResult;
  meta: EventMeta;
  actor: Actor;
  kind: HistoryKind;
  event: { type: string; data?: Record<string, unknown> } | null;
  /** Active states before the step (empty for a start). */
  from: string[];
  /** The clock reading for every row of the change. */
  now: Date;
  /** Users who join the instance's participants with this change (a task's completer). */
  participants?: string[];
  /** The state of the task whose completion sent the event (the write completes that task). */
  completing?: string;
}

export interface NewTask {
  id: TaskId;
  stateKey: string;
  task: ResolvedTask;
  status: "open" | "cancelled";
}

export interface NewJob {
  kind: "timer" | "message";
  instanceId: string;
  stateKey: string | null;
  payload: unknown;
  dueAt: Date;
  status: "pending" | "cancelled";
  /** A timer counted in working days into a year the calendar does not know yet. */
  calendarIncomplete: boolean;
  dueRule: DueRule | null;
}

export interface NewNotification {
  to: string[];
  title: string | null;
  message: string;
  channel: string;
  urgent: boolean;
}

export interface PlannedHistory {
  seq: number;
  kind: HistoryKind;
  actor: string;
  event: string | null;
  from: string[];
  to: string[];
  data: Record<string, unknown> | null;
}

/** The change's history rows in order: its own, then its automatic moves. */
export function historyRowsOf(plan: PlannedChange): PlannedHistory[] {
  return [plan.history, ...plan.automatic];
}

export interface ChildStart {
  key: string;
  vars: Record<string, unknown>;
  businessKey: string | null;
}

export interface PlannedChange {
  /** The instance's columns after the change. */
  instance: {
    snapshot: unknown;
    vars: Record<string, unknown>;
    activeStates: string[];
    status: InstanceStatus;
    revision: number;
    title: string | null;
    visibleTo: string[];
    participants: string[];
    updatedAt: Date;
    endedAt: Date | null;
  };
  /** The change's own history row (what the event or start did). */
  history: PlannedHistory;
  /** One row per automatic transition the change then took (kind `automatic`), in order. */
  automatic: PlannedHistory[];
  tasks: NewTask[];
  /** States whose tasks open before this change are cancelled. */
  cancelTasksOf: string[];
  /** States whose pending timers from before this change are cancelled. */
  cancelTimersOf: string[];
  /** The instance ended: every open task and pending timer from before is cancelled. */
  cancelAll: boolean;
  jobs: NewJob[];
  /** Each becomes an outbox row and a job that delivers it. */
  notifications: NewNotification[];
  /** Messages to the running children (of one process key, or all). */
  toChildren: { event: { type: string; data: Record<string, unknown> }; key: string | null }[];
  /** Children to start in the same transaction, before the parent's write. */
  children: ChildStart[];
  /** Announced on commit (tasks cancelled from before are added by the write, which learns their ids). */
  events: EngineEvent[];
}

export function instanceTitle(
  compiled: CompiledDefinition,
  vars: Record<string, unknown>,
  businessKey: string | null,
): string | null {
  const value = vars[compiled.definition.titleVar ?? "title"];
  if (typeof value === "string" && value.length > 0) return value;
  return businessKey;
}

export function planChange(input: ChangeInput): PlannedChange {
  const { compiled, instance, result, now } = input;
  const id = instance.id as InstanceId;
  const participants = new Set([...instance.participants, ...(input.participants ?? [])]);
  const { reached, moves } = automaticMoves(
    compiled,
    input.from,
    result.actions,
    result.activeStates,
  );
  // Each history row has its own revision: the change's, then one per automatic move.
  const revision = (input.kind === "start" ? 0 : instance.revision + 1) + moves.length;
  const visibleTo = new Set([
    ...instance.visibleTo,
    ...resolveVisibility(compiled.definition, result.vars, input.meta),
  ]);
  const plan: PlannedChange = {
    instance: {
      snapshot: result.snapshot,
      vars: result.vars,
      activeStates: result.activeStates,
      status: result.done ? "completed" : "running",
      revision,
      title: instanceTitle(compiled, result.vars, instance.businessKey),
      visibleTo: [],
      participants: [],
      updatedAt: now,
      endedAt: result.done ? now : null,
    },
    history: {
      seq: revision - moves.length,
      kind: input.kind,
      actor: input.actor.id,
      event: input.event?.type ?? null,
      from: input.from,
      to: reached,
      data: input.event?.data ?? null,
    },
    automatic: moves.map((move, i) => ({
      seq: revision - moves.length + 1 + i,
      kind: "automatic",
      actor: SYSTEM_ACTOR.id,
      event: null,
      from: move.from,
      to: move.to,
      data: { reason: move.reason },
    })),
    tasks: [],
    cancelTasksOf: [],
    cancelTimersOf: [],
    cancelAll: result.done,
    jobs: [],
    notifications: [],
    toChildren: [],
    children: [],
    events: [],
  };
  const message = (to: string, event: { type: string; data: Record<string, unknown> }): NewJob => ({
    kind: "message",
    instanceId: to,
    stateKey: null,
    payload: { event, from: instance.id },
    dueAt: now,
    status: "pending",
    calendarIncomplete: false,
    dueRule: null,
  });
  const { rounds: before, ...snapshot } = result.snapshot;
  const rounds: Record<string, VoteRound> = { ...before };
  const cancelled = (taskId: TaskId) =>
    plan.events.push({ type: "task.cancelled", taskId, instanceId: id });

  for (const action of result.actions) {
    switch (action.type) {
      case "enter": {
        if (action.task) {
          const { members } = action.task;
          const round: VoteRound = { tasks: [], votes: [] };
          // 会签/或签: one sub-task per member, each for its group or its user alone.
          const resolved = members
            ? members.map((member) => ({
                ...action.task!,
                candidateGroups: "group" in member ? [member.group] : [],
                assignee: "user" in member ? member.user : null,
                member,
              }))
            : [{ ...action.task, member: null }];
          for (const { member, ...each } of resolved) {
            const task: NewTask = {
              id: newId<TaskId>(),
              stateKey: action.state,
              task: each,
              status: "open",
            };
            plan.tasks.push(task);
            if (member) round.tasks.push({ taskId: task.id, member });
            if (each.assignee) participants.add(each.assignee);
            // Whoever has a task on the instance may see it.
            for (const group of each.candidateGroups) visibleTo.add(group);
            plan.events.push({ type: "task.created", taskId: task.id, instanceId: id });
          }
          if (members) rounds[action.state] = round;
        }
        for (const timer of action.timers)
          plan.jobs.push({
            kind: "timer",
            instanceId: instance.id,
            stateKey: action.state,
            payload: { event: timer.event, state: action.state },
            dueAt: new Date(timer.dueAt),
            status: "pending",
            calendarIncomplete: timer.calendarIncomplete,
            dueRule: timer.dueRule,
          });
        break;
      }
      case "exit": {
        delete rounds[action.state];
        // An ending step cancels all the instance's work once, below.
        if (result.done) break;
        const state = compiled.states.get(action.state)?.node;
        if (state?.task) {
          // The task being completed is its state's only open task unless the state is a
          // 会签/或签 (its other members' sub-tasks): the write completes it, and a cancel
          // that finds nothing would still cost the server an update's plan to start.
          if (action.state !== input.completing || state.task.each !== undefined)
            plan.cancelTasksOf.push(action.state);
          for (const task of plan.tasks)
            if (task.stateKey === action.state && task.status === "open") {
              task.status = "cancelled";
              cancelled(task.id);
            }
        }
        if (state?.after?.length) {
          plan.cancelTimersOf.push(action.state);
          for (const job of plan.jobs)
            if (job.kind === "timer" && job.stateKey === action.state) job.status = "cancelled";
        }
        break;
      }
      case "notify":
        plan.notifications.push({
          to: action.to,
          title: action.title,
          message: action.message,
          channel: action.channel,
          urgent: action.urgent,
        });
        break;
      case "startProcess":
        plan.children.push({
          key: action.key,
          vars: action.variables,
          businessKey: action.businessKey,
        });
        break;
      case "sendToParent":
        if (instance.parentId)
          plan.jobs.push(message(instance.parentId, { type: action.event, data: action.data }));
        break;
      case "sendToChildren":
        plan.toChildren.push({ event: { type: action.event, data: action.data }, key: action.key });
        break;
    }
  }

  if (result.done) {
    // Whatever is still open when the process ends, this step's own rows included.
    for (const task of plan.tasks)
      if (task.status === "open") {
        task.status = "cancelled";
        cancelled(task.id);
      }
    for (const job of plan.jobs) if (job.kind === "timer") job.status = "cancelled";
    if (instance.parentId)
      plan.jobs.push(
        message(instance.parentId, {
          type: "CHILD_DONE",
          data: {
            instanceId: instance.id,
            key: instance.processKey,
            state: result.activeStates[0] ?? null,
            vars: result.vars,
          },
        }),
      );
  }
  plan.instance.snapshot = Object.keys(rounds).length > 0 ? { ...snapshot, rounds } : snapshot;
  plan.instance.participants = [...participants];
  plan.instance.visibleTo = [...visibleTo];
  plan.events.push({
    type: "instance.changed",
    instanceId: id,
    processKey: instance.processKey,
    status: plan.instance.status,
  });
  return plan;
}
