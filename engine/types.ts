/**
 * The records the embedding API returns. These shapes are a contract: other
 * apps and the HTTP API rely on them.
 */
import type { InstanceId, TaskId } from "./ids.js";
import type { Definition, Outcome } from "./definition/schema.js";

/** Who acts: a user id and the groups they belong to. */
export interface Actor {
  id: string;
  groups: string[];
}

/** The engine itself, for changes no user made (timers, messages between instances). */
export const SYSTEM_ACTOR: Actor = { id: "system", groups: [] };

export type InstanceStatus = "running" | "completed" | "terminated";

export interface Incident {
  jobId: number;
  kind: string;
  message: string;
  attempts: number;
  at: string;
}

export interface Instance {
  id: InstanceId;
  processKey: string;
  version: number;
  status: InstanceStatus;
  /** Keys of the active leaf states, final ones included. */
  activeStates: string[];
  vars: Record<string, unknown>;
  businessKey: string | null;
  title: string | null;
  parentId: InstanceId | null;
  revision: number;
  /** Groups that may see it (from the definition's `visibility`). */
  visibleTo: string[];
  /** Users who have or had a task on it. */
  participants: string[];
  incident: Incident | null;
  /** The sub-tasks of its open 会签/或签 (none when it has none), in the order opened. */
  ballots: Ballot[];
  startedBy: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

/** Who a 会签/或签 sub-task is for: a group's members, or one user. */
export type TaskMember = { group: string } | { user: string };

/**
 * One sub-task's vote in a 会签/或签 (a task with `each`): the outcome chosen, the
 * form data, who voted and when, and the group or user the sub-task was for.
 * The state's event carries every vote in `event.data.votes`.
 */
export type Vote = {
  outcome: string;
  data: Record<string, unknown>;
  by: string;
  /** ISO instant. */
  at: string;
} & Partial<{ group: string; user: string }>;

/**
 * A sub-task of a 会签/或签 still under way in an active state: who it is for,
 * and its vote once cast (outcome, who, when; the vote's form data is in the
 * task and the history).
 */
export interface Ballot {
  state: string;
  taskId: TaskId;
  group: string | null;
  user: string | null;
  outcome: string | null;
  by: string | null;
  /** ISO instant of the vote. */
  at: string | null;
}

export type TaskStatus = "open" | "claimed" | "completed" | "cancelled";

export interface Task {
  id: TaskId;
  instanceId: InstanceId;
  processKey: string;
  stateKey: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  status: TaskStatus;
  dueAt: Date | null;
  /** The due date counted working days into a year whose holidays are not entered yet (weekends only). */
  calendarIncomplete: boolean;
  priority: number;
  form: Record<string, unknown> | null;
  outcomes: Outcome[];
  businessKey: string | null;
  title: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  endedAt: Date | null;
  completedBy: string | null;
  outcome: string | null;
  data: Record<string, unknown> | null;
}

/**
 * `calendar`: due dates counted again once a year's holidays were entered;
 * `vote`: a 会签/或签 sub-task voted and the votes did not decide yet;
 * `notified`: a notification's recipients resolved (who, how named, which channels).
 */
export type HistoryKind =
  | "start"
  | "event"
  | "ignored"
  | "terminate"
  | "incident"
  | "retry"
  | "calendar"
  | "vote"
  | "delegate"
  | "notified"
  /** An automatic transition (`always`) moved the instance; `data.reason` says why. */
  | "automatic";

export interface HistoryEntry {
  seq: number;
  at: Date;
  kind: HistoryKind;
  actor: string | null;
  event: string | null;
  from: string[];
  to: string[];
  data: Record<string, unknown> | null;
}

/** A timer an instance waits for (`instances.timers`): when it fires, from which state, to where. */
export interface PendingTimer {
  /** The state whose `after` entry it is (leaving the state cancels it). */
  state: string;
  /** The state it leads to; null when it stays (a timer that only assigns or notifies). */
  target: string | null;
  /** The `after` entry's label, e.g. 函告后仍未整改. */
  label: string | null;
  dueAt: Date;
}

export interface PublishedDefinition {
  key: string;
  version: number;
  definition: Definition;
  createdAt: Date;
  createdBy: string | null;
}

export interface DraftDefinition {
  key: string;
  definition: unknown;
  layout: unknown;
  updatedAt: Date;
  createdBy: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A notification for a sender to deliver (DESIGN §3 `notify`). */
export interface Notification {
  id: number;
  instanceId: InstanceId | null;
  channel: string;
  recipients: string[];
  title: string | null;
  message: string;
}

/** Delivers notifications (SMS, WeCom, e-mail…). Throwing makes the delivery retry. */
export type NotificationSender = (notification: Notification) => Promise<void>;

/** Events the engine emits after a change has been committed (for live updates). */
export type EngineEvent =
  | { type: "instance.changed"; instanceId: InstanceId; processKey: string; status: InstanceStatus }
  | {
      type: "task.created" | "task.claimed" | "task.completed" | "task.cancelled" | "task.updated";
      taskId: TaskId;
      instanceId: InstanceId;
    }
  /** These users' message centres changed (a new notification, one read). */
  | { type: "notifications.changed"; userIds: string[]; instanceId: InstanceId | null };
