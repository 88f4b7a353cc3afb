/**
 * The embedding API's shape (DESIGN.md §4). `createEngine` in `index.ts` returns one.
 */
import type { CalendarService } from "./calendar/calendar-service.js";
import type { Clock } from "./clock.js";
import type { Problem } from "./errors.js";
import type { Files } from "./files/create-files.js";
import type { InstanceId, TaskId } from "./ids.js";
import type { Notifications } from "./notifications/notifications.js";
import type { ArchiveResult } from "./scheduler/archive.js";
import type { Schedules } from "./service/schedules.js";
import type { ReferenceReader } from "./references/read-references.js";
import type { CountedRow, InstanceCounts } from "./service/instance-counts.js";
import type { Workload } from "./service/workload.js";
import type { IdempotencyKeys, KeptRequest } from "./service/idempotency-keys.js";
import type { GroupNameStore } from "./identity/group-name-store.js";
import type { UserStore } from "./identity/user-store.js";
import type { Database } from "./store/database.js";
import type {
  Actor,
  DraftDefinition,
  EngineEvent,
  HistoryEntry,
  Instance,
  InstanceStatus,
  Page,
  PendingTimer,
  PublishedDefinition,
  Task,
  TaskStatus,
} from "./types.js";

export interface ValidationResult {
  valid: boolean;
  problems: Problem[];
}

export interface DefinitionSummary {
  key: string;
  name: string;
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: Date;
}

export interface Definitions {
  /** Publishes an immutable version; identical to the latest → the latest's version, `created: false`. Throws `InvalidDefinitionError`. */
  publish(
    json: unknown,
    options?: { actor?: Actor },
  ): Promise<{ key: string; version: number; created: boolean }>;
  /** Every problem with its path; checks `startProcess` keys against published definitions. */
  validate(json: unknown): Promise<ValidationResult>;
  /** A published version (default: the latest). Throws `NotFoundError`. */
  get(key: string, version?: number): Promise<PublishedDefinition>;
  list(): Promise<DefinitionSummary[]>;
  versions(key: string): Promise<{ version: number; createdAt: Date; createdBy: string | null }[]>;
  getDraft(key: string): Promise<DraftDefinition | null>;
  /** Saves a draft even when invalid; returns its problems. The key is the draft's own, whatever the JSON says. */
  saveDraft(
    key: string,
    json: unknown,
    options?: { actor?: Actor; layout?: unknown },
  ): Promise<{ draft: DraftDefinition; problems: Problem[] }>;
  /** Publishes the saved draft and removes it. Throws `InvalidDefinitionError` or `NotFoundError`. */
  publishDraft(
    key: string,
    options?: { actor?: Actor },
  ): Promise<{ key: string; version: number; created: boolean }>;
  deleteDraft(key: string): Promise<void>;
}

export interface InstanceFilter {
  processKey?: string;
  status?: InstanceStatus;
  parentId?: string;
  businessKey?: string;
  /** Only instances whose variables hold these values (`{ enterpriseId: "hongda" }`). */
  vars?: Record<string, string | number | boolean>;
  /** Only instances in this state (one of their active states). */
  activeState?: string;
  /**
   * `true`: running instances whose `vars.overdue` is true (as the counts have it);
   * `false`: the others.
   */
  overdue?: boolean;
  /**
   * Text in the title, the business key or one of `vars` (variable names, top level),
   * case-insensitive; `%` and `_` match themselves.
   */
  search?: { text: string; vars?: string[] };
  /** Only instances this user may see (visibility groups, participants, process-admin). */
  visibleTo?: Actor;
  cursor?: string;
  limit?: number;
}

export interface Instances {
  start(
    key: string,
    vars: Record<string, unknown>,
    options?: { businessKey?: string; actor?: Actor; version?: number },
  ): Promise<Instance>;
  send(
    id: string,
    event: { type: string; data?: Record<string, unknown> },
    options?: { actor?: Actor; idempotencyKey?: string },
  ): Promise<Instance>;
  get(id: string): Promise<Instance>;
  list(filter?: InstanceFilter): Promise<Page<Instance>>;
  history(id: string): Promise<HistoryEntry[]>;
  /** Ends a running instance: open tasks cancelled, timers dropped, running children terminated. */
  terminate(id: string, options?: { reason?: string; actor?: Actor }): Promise<Instance>;
  /** Puts the instance's failed jobs back to run and clears its incident. */
  retry(id: string, options?: { actor?: Actor }): Promise<Instance>;
  /** Event types the active states (and the root) handle, timers excluded. */
  acceptedEvents(id: string): Promise<string[]>;
  /**
   * The timers the instance waits for, soonest first, with where each leads.
   *
   * @example
   * ```ts
   * const [next] = await engine.instances.timers(id); // { state: "afterLetter", target: "circular", dueAt, label }
   * ```
   */
  timers(id: string): Promise<PendingTimer[]>;
  /**
   * Counts the instances of one process, by current state (`by` omitted) or by the value of
   * a counted variable, over those `visibleTo` may see (omitted: all). Read from the counts
   * kept by the database, not by scanning instances.
   *
   * @example
   * ```ts
   * const rows = await engine.instances.count("order", { by: "region", visibleTo: actor });
   * ```
   */
  count(processKey: string, options?: { by?: string; visibleTo?: Actor }): Promise<CountedRow[]>;
  /**
   * Declares the variables `count` may group `processKey` by (`[]`: by state only). Call
   * it at every start; when the list changed, the process's counts are rebuilt from its
   * instances (instance changes wait meanwhile). Returns whether it changed.
   *
   * @example
   * ```ts
   * await engine.instances.setCountedVars("order", ["region"]);
   * ```
   */
  setCountedVars(processKey: string, vars: readonly string[]): Promise<boolean>;
}

export interface TaskFilter {
  user?: Actor;
  status?: TaskStatus | TaskStatus[];
  instanceId?: string;
  processKey?: string;
  overdue?: boolean;
  cursor?: string;
  limit?: number;
}

export interface Tasks {
  list(filter?: TaskFilter): Promise<Page<Task>>;
  get(id: string): Promise<Task>;
  claim(id: string, actor: Actor): Promise<Task>;
  unclaim(id: string, actor: Actor): Promise<Task>;
  /**
   * Assigns the task to another user; the case's history gets a `delegate` entry
   * (`data`: taskId, task, from, to, and `byName`/`toName` when given).
   */
  delegate(
    id: string,
    toUserId: string,
    actor: Actor,
    options?: { names?: { by: string; to: string } },
  ): Promise<Task>;
  /** Validates `data` against the form, sends `outcome` as an event; refused → nothing changes. */
  complete(
    id: string,
    completion: { outcome: string; data?: Record<string, unknown> },
    actor: Actor,
    options?: { idempotencyKey?: string },
  ): Promise<{ task: Task; instance: Instance }>;
}

export interface Worker {
  stop(): Promise<void>;
}

export interface Maintenance {
  /**
   * Applies the retention setting now, in batches until nothing more is due:
   * moves the history of instances that ended more than `retention.days` ago to
   * `history_archive` (still returned by `instances.history`), deletes done and
   * cancelled jobs, sent notifications and idempotency keys older than that.
   * Waits while another process does the same. All counts are 0 when retention is off.
   *
   * @example
   * ```ts
   * const { instances, historyRows, jobs } = await engine.maintenance.archive();
   * ```
   */
  archive(): Promise<ArchiveResult>;
  /** Open tasks, due, failed and retrying jobs (for `/metrics`). */
  workload(): Promise<Workload>;
  /** Resolves once the database answers; throws when it cannot be reached (for `/healthz`). */
  ping(): Promise<void>;
}

export interface Engine {
  readonly definitions: Definitions;
  readonly instances: Instances;
  readonly tasks: Tasks;
  /** Attachments: upload, read, and which instances reference a file. */
  readonly files: Files;
  /** What `x-ref` fields name, read from the application's resolvers: current names for lists and views. */
  readonly references: ReferenceReader;
  /** The working calendar: holidays and 调休 by year, entered by administrators over the package's data. */
  readonly calendar: CalendarService;
  /** Schedules of the published definitions: list, next slots, pause and resume (audited). */
  readonly schedules: Schedules;
  /** Message centres, channels (webhook, robots, SMS) and what became of each delivery. */
  readonly notifications: Notifications;
  /** Operators' on-demand housekeeping; a running worker also applies retention every hour. */
  readonly maintenance: Maintenance;
  /** Accounts: users, their groups, passwords (scrypt), disabling and token versions. */
  readonly users: UserStore;
  /** The names people read for groups (`safety-office` → 安监办), kept by user admins. */
  readonly groups: GroupNameStore;
  /** Idempotency keys for requests made above the engine (an HTTP `Idempotency-Key`). */
  readonly idempotencyKeys: IdempotencyKeys;
  /**
   * Fires every schedule slot due at `clock.now()`, then runs every job due then, including
   * those the run itself makes due; returns how many instances it started and jobs it ran.
   */
  runDueJobs(): Promise<number>;
  /** Starts a worker loop: woken by LISTEN/NOTIFY, polling every `pollMs` as a fallback. */
  startWorker(options?: { pollMs?: number; batchSize?: number; lanes?: number }): Worker;
  /** Calls `listener` after each committed change, from this process or any other on the same database. */
  subscribe(listener: (event: EngineEvent) => void): Promise<() => Promise<void>>;
  readonly clock: Clock;
  /** The underlying database, for applications that keep their own tables beside the engine's. */
  readonly database: Database;
  close(): Promise<void>;
}

export type {
  ArchiveResult,
  CountedRow,
  Files,
  IdempotencyKeys,
  InstanceCounts,
  InstanceId,
  KeptRequest,
  TaskId,
  Workload,
};
