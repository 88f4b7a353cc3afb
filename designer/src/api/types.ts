/**
 * The HTTP API's records as the browser receives them (DESIGN.md §5): the engine's
 * records with dates as ISO strings.
 */
import type { CalendarInput } from "../../../engine/calendar/calendar-input.js";
import type {
  CalendarAuditEntry as EngineCalendarAuditEntry,
  CalendarChange as EngineCalendarChange,
  CalendarYear as EngineCalendarYear,
} from "../../../engine/calendar/calendar-service.js";
import type { Definition, Outcome } from "../../../engine/definition/schema.js";
import type { Ballot } from "../../../engine/types.js";
import type { ChannelInput, ChannelView } from "../../../engine/notifications/channel-store.js";
import type { DeliveryView } from "../../../engine/notifications/delivery-log.js";
import type { InboxMessage } from "../../../engine/notifications/message-centre.js";

import type { ReferenceLabel } from "../../../engine/references/read-references.js";
import type { VersionJson } from "../../../api/schemas/definition-schemas.js";
import type { GroupJson, InstanceNamesJson } from "../../../api/schemas/group-schemas.js";
import type { ScheduleJson, ScheduleListJson } from "../../../api/schemas/schedule-schemas.js";
import type { EnterpriseInspectionSettingJson } from "../../../processes/inspection/inspection-settings-routes.js";
import type {
  TownshipRulesChange,
  TownshipSettingsJson,
} from "../../../processes/settings/township-settings-routes.js";
import type { Enterprise, Village } from "../../../processes/directory/directory-schemas.js";
import type {
  RankedEnterprise,
  RankedVillage,
  Ranking,
  RankingFigures,
  Ratio,
} from "../../../processes/ranking/ranking-schemas.js";

/** `GET /api/groups`: a group and the name people read for it. */
export type Group = GroupJson;
/** `GET /api/inspection-settings/enterprises/{id}`: its own switches, its industry's, what it runs. */
export type EnterpriseInspectionSetting = EnterpriseInspectionSettingJson;
/** `GET /api/township-settings`: the township's rules the processes follow. */
export type TownshipSettings = TownshipSettingsJson;
/** `PUT /api/township-settings`'s body. */
export type TownshipRules = TownshipRulesChange;
/** `GET /api/schedules`: the published schedules and the sources a `forEach` may name. */
export type ScheduleList = ScheduleListJson;
export type ScheduleStatus = ScheduleJson;
export type ScheduleSourceInfo = ScheduleListJson["sources"][number];
/** `GET /api/instances/{id}/names`: user id → name, group key → name. */
export type InstanceNames = InstanceNamesJson;

export type { Ballot, CalendarInput, Definition, Outcome, Enterprise, Village, ReferenceLabel };
export type { RankedEnterprise, RankedVillage, Ranking, RankingFigures, Ratio };

/** `GET /api/calendar/{year}`. */
export type CalendarYear = Omit<EngineCalendarYear, "updatedAt"> & { updatedAt: string | null };
/** `GET /api/calendar/{year}/changes`: one audited change. */
export type CalendarAuditEntry = Omit<EngineCalendarAuditEntry, "at"> & { at: string };
/** `PUT /api/calendar/{year}`. */
export type CalendarChange = Omit<EngineCalendarChange, "updatedAt"> & { updatedAt: string | null };

/** `GET /api/notifications`: one message of the user's message centre. */
export type Notification = Omit<InboxMessage, "instanceId" | "readAt" | "createdAt"> & {
  instanceId: string | null;
  readAt: string | null;
  createdAt: string;
};
/** `GET /api/notifications`: a page, and the unread count whatever the filters. */
export interface NotificationPage {
  items: Notification[];
  unread: number;
  nextCursor: string | null;
}
/** `GET /api/channels`: a channel, its URL as a hint and its secret only as `hasSecret`. */
export type Channel = Omit<ChannelView, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};
export type { ChannelInput };
/** `GET /api/deliveries`, `GET /api/instances/{id}/deliveries`. */
export type Delivery = Omit<
  DeliveryView,
  "instanceId" | "dueAt" | "sentAt" | "readAt" | "createdAt"
> & {
  instanceId: string | null;
  dueAt: string;
  sentAt: string | null;
  readAt: string | null;
  createdAt: string;
};

export interface User {
  id: string;
  username: string;
  name: string;
  groups: string[];
  orgUnit?: string | null;
}

export interface LoginResponse {
  token: string;
  user: User;
}

/** One problem with an input: a dotted path (`""` for the whole) and a message. */
export interface Problem {
  path: string;
  message: string;
}

export interface DefinitionSummary {
  key: string;
  name: string;
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

export interface PublishedDefinition {
  key: string;
  version: number;
  definition: Definition;
  createdAt: string;
  createdBy: string | null;
}

/** `GET /api/definitions/{key}/versions`: a published version, who published it by name. */
export type VersionSummary = VersionJson;

/** Node positions the admin arranged in the designer, kept beside the definition. */
export interface DesignerLayout {
  positions: Record<string, { x: number; y: number }>;
}

export interface Draft {
  key: string;
  definition: unknown;
  layout: unknown;
  updatedAt: string;
  createdBy: string | null;
}

export interface SaveDraftResponse {
  draft: Draft;
  problems: Problem[];
}

export type InstanceStatus = "running" | "completed" | "terminated";
export type TaskStatus = "open" | "claimed" | "completed" | "cancelled";

export interface Task {
  /** What its case's x-ref fields name, as named today (lists and single reads). */
  references?: ReferenceLabel[];
  id: string;
  instanceId: string;
  processKey: string;
  stateKey: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  status: TaskStatus;
  dueAt: string | null;
  /** The due date counted working days into a year whose holidays are not entered (weekends only). */
  calendarIncomplete?: boolean;
  /** Past due by the server's clock (open or claimed tasks only). */
  overdue?: boolean;
  priority: number;
  form: JsonSchema | null;
  /** What the person doing the task must know (the definition's task description). */
  description?: string | null;
  outcomes: Outcome[];
  businessKey: string | null;
  title: string | null;
  createdAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  completedBy: string | null;
  outcome: string | null;
  data: Record<string, unknown> | null;
}

/** An active state as the API names it: its key and label. */
export interface ActiveState {
  key: string;
  label: string;
}

export interface InstanceRef {
  id: string;
  processKey: string;
  businessKey: string | null;
  title: string | null;
  status: InstanceStatus;
  activeStates: ActiveState[];
}

export interface Instance {
  /** What its x-ref start variables name, as named today. */
  references?: ReferenceLabel[];
  id: string;
  processKey: string;
  version: number;
  status: InstanceStatus;
  activeStates: ActiveState[];
  vars: Record<string, unknown>;
  businessKey: string | null;
  title: string | null;
  parentId: string | null;
  revision: number;
  startedBy: string | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  incident?: { message: string; at: string } | null;
  /** Present on GET /instances/:id: open and claimed tasks, events the caller may send, relatives. */
  definitionName?: string | null;
  tasks?: Task[];
  allowedEvents?: string[];
  /** Open tasks and pending timers whose working-day due dates were counted by weekends alone. */
  calendarIncomplete?: {
    kind: "task" | "timer";
    state: string | null;
    name: string | null;
    dueAt: string;
  }[];
  /** Present on GET /instances/:id: the timers it waits for, soonest first. */
  timers?: PendingTimer[];
  parent?: InstanceRef | null;
  children?: InstanceRef[];
  /** 会签/或签 under way: each sub-task's group or user and its vote once cast. */
  ballots?: Ballot[];
}

/** A case on the 一企一档 page (GET /enterprises/{id}/cases). */
export interface EnterpriseCase extends InstanceRef {
  rectifyDeadline: string | null;
  overdue: boolean;
}

export interface PendingTimer {
  state: string;
  /** The state it leads to; null when it stays. */
  target: string | null;
  label: string | null;
  dueAt: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  event: string | null;
  from: string[];
  to: string[];
  data: Record<string, unknown> | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The part of JSON Schema that forms and start variables use. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  uniqueItems?: boolean;
  "x-enumNames"?: string[];
  "x-widget"?: string;
  /** A directory reference: the value is an enterprise's id or a village's code, chosen in a picker. */
  "x-ref"?: string;
  [keyword: string]: unknown;
}

/** A row of grouped statistics (GET /stats/…): a group and its counts. */
export interface StatsRow {
  key: string;
  label?: string;
  [count: string]: unknown;
}

/** The keys of an instance's active states. */
export function activeKeys(instance: { activeStates: ActiveState[] }): string[] {
  return instance.activeStates.map((s) => (typeof s === "string" ? s : s.key));
}

/** The labels of an instance's active states. */
export function activeLabels(instance: { activeStates: ActiveState[] }): string {
  return instance.activeStates
    .map((s) => (typeof s === "string" ? s : s.label || s.key))
    .join("、");
}
