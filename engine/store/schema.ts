/**
 * The database schema (drizzle-orm), shared by both drivers. Migrations are
 * generated from it with `npm run db:generate` and applied at start.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type PgColumnBuilderBase,
} from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Published versions (immutable) and one draft per key. */
export const definitions = pgTable(
  "definitions",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull(),
    /** null for a draft. */
    version: integer("version"),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    /** `json`, not `jsonb`: the definition keeps its author's key order (states, fields). */
    spec: json("spec").notNull(),
    /** Designer node positions, kept beside the definition, never inside it. */
    layout: jsonb("layout"),
    specHash: text("spec_hash").notNull(),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("definitions_key_version")
      .on(t.key, t.version)
      .where(sql`${t.status} = 'published'`),
    uniqueIndex("definitions_one_draft")
      .on(t.key)
      .where(sql`${t.status} = 'draft'`),
  ],
);

export const instances = pgTable(
  "instances",
  {
    id: uuid("id").primaryKey(),
    processKey: text("process_key").notNull(),
    version: integer("version").notNull(),
    businessKey: text("business_key"),
    title: text("title"),
    status: text("status", { enum: ["running", "completed", "terminated"] }).notNull(),
    snapshot: jsonb("snapshot").notNull(),
    vars: jsonb("vars").notNull(),
    activeStates: text("active_states").array().notNull(),
    parentId: uuid("parent_id"),
    /** Number of changes applied; each change adds one, under the row lock. */
    revision: integer("revision").notNull().default(0),
    /** Groups that may see the instance, from the definition's `visibility`. */
    visibleTo: text("visible_to")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Users who have or had a task on the instance. */
    participants: text("participants")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    incident: jsonb("incident"),
    startedBy: text("started_by"),
    startedAt: at("started_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    endedAt: at("ended_at"),
  },
  (t) => [
    index("instances_process_status").on(t.processKey, t.status, t.startedAt),
    index("instances_parent").on(t.parentId),
    index("instances_business_key").on(t.businessKey),
    index("instances_visible_to").using("gin", t.visibleTo),
    // For "participants @> array[user]": who may see an instance (lists, counts, exports) without a scan.
    index("instances_participants").using("gin", t.participants),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey(),
    instanceId: uuid("instance_id").notNull(),
    processKey: text("process_key").notNull(),
    stateKey: text("state_key").notNull(),
    name: text("name").notNull(),
    candidateGroups: text("candidate_groups").array().notNull(),
    assignee: text("assignee"),
    status: text("status", { enum: ["open", "claimed", "completed", "cancelled"] }).notNull(),
    dueAt: at("due_at"),
    priority: integer("priority").notNull().default(50),
    form: jsonb("form"),
    outcomes: jsonb("outcomes").notNull(),
    businessKey: text("business_key"),
    title: text("title"),
    createdAt: at("created_at").notNull(),
    claimedAt: at("claimed_at"),
    endedAt: at("ended_at"),
    completedBy: text("completed_by"),
    outcome: text("outcome"),
    data: jsonb("data"),
    /** The due date counted working days into a year the calendar did not know: weekends only. */
    calendarIncomplete: boolean("calendar_incomplete").notNull().default(false),
    /** For working-day due dates: `{ from, duration }`, to count again once the year is entered. */
    dueRule: jsonb("due_rule"),
  },
  (t) => [
    index("tasks_open_groups")
      .using("gin", t.candidateGroups)
      .where(sql`${t.status} in ('open', 'claimed')`),
    index("tasks_open_assignee")
      .on(t.assignee, t.dueAt)
      .where(sql`${t.status} in ('open', 'claimed')`),
    index("tasks_open_due")
      .on(t.dueAt)
      .where(sql`${t.status} in ('open', 'claimed')`),
    index("tasks_instance").on(t.instanceId),
    // A change cancels the open tasks of the states it leaves: found by this index alone
    // (with tasks_instance, the planner could AND it with a status index of every open task).
    index("tasks_instance_open")
      .on(t.instanceId)
      .where(sql`${t.status} in ('open', 'claimed')`),
    // Weekend-only due dates: counted by /metrics, counted again when a year is entered.
    index("tasks_calendar_incomplete")
      .on(t.instanceId)
      .where(sql`${t.calendarIncomplete} and ${t.status} in ('open', 'claimed')`),
  ],
);

/** Due work: timers, messages between instances, notification delivery. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    instanceId: uuid("instance_id"),
    /** For timers: the state whose exit cancels the job. */
    stateKey: text("state_key"),
    payload: jsonb("payload").notNull(),
    dueAt: at("due_at").notNull(),
    status: text("status", { enum: ["pending", "done", "failed", "cancelled"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: at("created_at").notNull(),
    finishedAt: at("finished_at"),
    /** A timer counted working days into a year the calendar did not know: weekends only. */
    calendarIncomplete: boolean("calendar_incomplete").notNull().default(false),
    /** For working-day timers: `{ from, duration }`, to count again once the year is entered. */
    dueRule: jsonb("due_rule"),
  },
  (t) => [
    index("jobs_pending_due")
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending'`),
    index("jobs_instance_pending")
      .on(t.instanceId)
      .where(sql`${t.status} = 'pending'`),
    // The retention step deletes finished jobs oldest first (engine/scheduler/archive.ts).
    index("jobs_finished")
      .on(t.finishedAt)
      .where(sql`${t.status} in ('done', 'cancelled')`),
    // Due jobs of no instance (an upload's expiry), claimed apart from the instances' jobs.
    index("jobs_pending_free")
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending' and ${t.instanceId} is null`),
    index("jobs_calendar_incomplete")
      .on(t.instanceId)
      .where(sql`${t.calendarIncomplete} and ${t.status} = 'pending'`),
  ],
);

const historyColumns = () => ({
  instanceId: uuid("instance_id").notNull(),
  seq: integer("seq").notNull(),
  at: at("at").notNull(),
  kind: text("kind").notNull(),
  actor: text("actor"),
  event: text("event"),
  from: text("from_states").array().notNull(),
  to: text("to_states").array().notNull(),
  data: jsonb("data"),
});

/** The append-only log of every change to an instance. */
export const history = pgTable("history", historyColumns(), (t) => [
  primaryKey({ columns: [t.instanceId, t.seq] }),
  // The retention step finds old rows by time; rows it moves leave this index.
  index("history_at").on(t.at),
]);

/**
 * History of instances that ended more than the retention ago, moved out of
 * `history` by the retention step so the live table holds recent work only.
 */
export const historyArchive = pgTable("history_archive", historyColumns(), (t) => [
  primaryKey({ columns: [t.instanceId, t.seq] }),
]);

/** Notifications waiting for (or done with) delivery by a sender. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    instanceId: uuid("instance_id"),
    channel: text("channel").notNull(),
    recipients: text("recipients").array().notNull(),
    title: text("title"),
    message: text("message").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    /** False: held for the recipient's digest (quiet hours); true: delivered at once. */
    urgent: boolean("urgent").notNull().default(true),
    createdAt: at("created_at").notNull(),
    sentAt: at("sent_at"),
  },
  (t) => [
    index("outbox_instance").on(t.instanceId),
    index("outbox_sent")
      .on(t.sentAt)
      .where(sql`${t.status} = 'sent'`),
  ],
);

/**
 * Where notifications go besides the in-app message centre: a webhook, a WeCom or
 * DingTalk group robot, or SMS, serving the members of its groups and its users.
 * The secret is stored encrypted (AES-256-GCM, engine/notifications/secret-box.ts).
 */
export const notificationChannels = pgTable("notification_channels", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  type: text("type").notNull(),
  /** The URL sealed like the secret: a robot's URL carries its key. */
  urlCipher: text("url_cipher"),
  secretCipher: text("secret_cipher"),
  groups: text("groups").array().notNull(),
  users: text("users").array().notNull(),
  /** Sends allowed per rolling minute (the robots allow about 20). */
  ratePerMinute: integer("rate_per_minute").notNull(),
  maxAttempts: integer("max_attempts").notNull(),
  /** When its sends of the last minute were made (ms), for the rate limit. */
  recentSends: jsonb("recent_sends").$type<number[]>().notNull().default([]),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: at("created_at").notNull(),
  updatedAt: at("updated_at").notNull(),
});

/**
 * One notification to one recipient on one channel (`in-app`: the message centre), or to
 * a group channel once with its recipients listed. Its id is the idempotency key a
 * retry sends again, so a receiver that saw the first attempt can drop the second.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey(),
    outboxId: bigint("outbox_id", { mode: "number" }).notNull(),
    instanceId: uuid("instance_id"),
    processKey: text("process_key"),
    /** Null for the in-app channel. */
    channelId: uuid("channel_id"),
    channelType: text("channel_type").notNull(),
    /** The user (or, for SMS, the mobile number) it goes to; null for a group channel. */
    recipient: text("recipient"),
    /** Who was told, as the history lists them: `{ id?, name, via }`. */
    recipients: jsonb("recipients").notNull(),
    title: text("title"),
    message: text("message").notNull(),
    urgent: boolean("urgent").notNull(),
    status: text("status", { enum: ["pending", "sending", "sent", "dead"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** When it is next tried (a retry's back-off, a digest's hour, a send's lease). */
    dueAt: at("due_at").notNull(),
    lastAttemptAt: at("last_attempt_at"),
    sentAt: at("sent_at"),
    readAt: at("read_at"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    // One per recipient and channel of a notification, however often its `deliver` job runs.
    unique("deliveries_once")
      .on(t.outboxId, t.channelType, t.channelId, t.recipient)
      .nullsNotDistinct(),
    index("deliveries_inbox")
      .on(t.recipient, t.createdAt)
      .where(sql`${t.channelType} = 'in-app'`),
    index("deliveries_unread")
      .on(t.recipient)
      .where(sql`${t.channelType} = 'in-app' and ${t.readAt} is null`),
    index("deliveries_due")
      .on(t.dueAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index("deliveries_channel_due")
      .on(t.channelId, t.dueAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index("deliveries_instance").on(t.instanceId),
    index("deliveries_dead")
      .on(t.createdAt)
      .where(sql`${t.status} = 'dead'`),
    // Retention deletes delivered ones oldest first (engine/scheduler/archive.ts).
    index("deliveries_sent")
      .on(t.sentAt)
      .where(sql`${t.status} = 'sent'`),
  ],
);

/**
 * The figures counted per instance for the dashboard (`GET /stats/*`): each column is 0 or 1
 * for one instance, summed over the instances of a key. Kept by the `instances_count_*`
 * triggers (migrations 0004, 0015: once per statement), so counting never scans `instances`.
 */
function countColumns<T extends PgColumnBuilderBase>(n: (name: string) => T) {
  return {
    processKey: text("process_key").notNull(),
    /** A visibility group of the instances, or `*` for all of them. */
    grp: text("grp").notNull(),
    /** `''`: by current state (`val` is the state key); else the name of a counted variable. */
    dim: text("dim").notNull(),
    val: text("val"),
    total: n("total"),
    running: n("running"),
    /** Running with `vars.overdue`. */
    overdue: n("overdue"),
    completed: n("completed"),
    /** Completed in the state `closed` (a hazard closed out: 销号). */
    closed: n("closed"),
    /** Of those, closed late (`vars.closedLate`, else `vars.overdue`). */
    closedLate: n("closed_late"),
    /** In the state `dismissed`. */
    dismissed: n("dismissed"),
    /** Running at escalation level 1–4 (`vars.escalationLevel`). */
    level1: n("level1"),
    level2: n("level2"),
    level3: n("level3"),
    level4: n("level4"),
  };
}

/** Dashboard counts per process, visibility group and counted value, folded from `instance_count_changes`. */
export const instanceCounts = pgTable(
  "instance_counts",
  countColumns((name) => bigint(name, { mode: "number" }).notNull().default(0)),
  (t) => [unique("instance_counts_key").on(t.processKey, t.grp, t.dim, t.val).nullsNotDistinct()],
);

/** Changes to the counts, written by the trigger in the instance's own transaction; the worker folds them in. */
export const instanceCountChanges = pgTable(
  "instance_count_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ...countColumns((name) => integer(name).notNull().default(0)),
  },
  (t) => [index("instance_count_changes_scope").on(t.processKey, t.grp, t.dim)],
);

/**
 * The variables each process's dashboard counts are kept by (besides the current state),
 * declared by the application (`engine.instances.setCountedVars`); `zb_counted_vars` is
 * written from this table (migration 0013).
 */
export const countedVars = pgTable("counted_vars", {
  processKey: text("process_key").primaryKey(),
  vars: text("vars").array().notNull(),
});

/** Results kept for idempotency keys: the same key in the same scope returns the first result. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    result: jsonb("result"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index("idempotency_keys_created").on(t.createdAt),
  ],
);

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  groups: text("groups").array().notNull(),
  orgUnit: text("org_unit"),
  disabled: boolean("disabled").notNull().default(false),
  /** Bumped on disable or password reset: tokens carrying an older value stop working. */
  tokenVersion: integer("token_version").notNull().default(0),
  failedLogins: integer("failed_logins").notNull().default(0),
  lastFailedLoginAt: at("last_failed_login_at"),
  createdAt: at("created_at").notNull().defaultNow(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

/**
 * Display names of groups (`safety-office` → 安监办), kept by user admins. Groups themselves
 * are only strings on users and in definitions; a group without a row shows by its key.
 */
export const groupNames = pgTable("group_names", {
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  updatedBy: text("updated_by"),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/**
 * Uploaded attachments (form fields with `"format": "x-file"`): what the file is and who
 * uploaded it; its bytes are in the file store named by `store`.
 */
export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey(),
    /** The name the uploader's device gave it (shown, never trusted for the type). */
    name: text("name").notNull(),
    /** Sniffed from the bytes. */
    contentType: text("content_type").notNull(),
    /** Bytes as served (an image's after its EXIF was stripped). */
    size: bigint("size", { mode: "number" }).notNull().default(0),
    /** `storing` while the bytes are written; only `ready` files can be read or referenced. */
    status: text("status", { enum: ["storing", "ready"] }).notNull(),
    /** The file store holding the bytes: `database`, `disk` or `s3`. */
    store: text("store").notNull(),
    /** Whether a thumbnail was stored beside it (images). */
    thumbnail: boolean("thumbnail").notNull().default(false),
    /** What was kept of the image before its EXIF was stripped: GPS position, time taken, size. */
    metadata: jsonb("metadata"),
    uploadedBy: text("uploaded_by").notNull(),
    uploadedAt: at("uploaded_at").notNull(),
  },
  (t) => [index("files_uploaded_by").on(t.uploadedBy, t.uploadedAt)],
);

/** The bytes of files in the database file store (the default): chunks in order. */
export const fileChunks = pgTable(
  "file_chunks",
  {
    /** The object's key in the store: a file id, or `<id>.thumb` for its thumbnail. */
    key: text("key").notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.seq] })],
);

/**
 * Which instance references which file, at which field: written in the same transaction as
 * the start or task completion whose data named it. A referenced file is never deleted.
 */
export const fileReferences = pgTable(
  "file_references",
  {
    fileId: uuid("file_id").notNull(),
    instanceId: uuid("instance_id").notNull(),
    /** Dotted field path in the data (`hazardPhotos`, `plan.signed`); its first name is the variable. */
    path: text("path").notNull(),
    /** The task whose completion referenced it; null for the start variables. */
    taskId: uuid("task_id"),
    stateKey: text("state_key"),
    referencedBy: text("referenced_by").notNull(),
    referencedAt: at("referenced_at").notNull(),
    /** The order references were written in (several can share a clock reading). */
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fileId, t.instanceId, t.path] }),
    index("file_references_instance").on(t.instanceId, t.seq),
  ],
);

/**
 * The working calendar's own rows: one per date, over the `chinese-days` package's data
 * (a row wins). `holiday` with its name, or `workday` for a 调休 make-up working day.
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    /** `YYYY-MM-DD`. */
    date: text("date").primaryKey(),
    year: integer("year").notNull(),
    kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
    name: text("name").notNull(),
  },
  (t) => [index("calendar_days_year").on(t.year)],
);

/** Years an administrator has entered; `complete` years count like the package's own. */
export const calendarYears = pgTable("calendar_years", {
  year: integer("year").primaryKey(),
  complete: boolean("complete").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: at("updated_at").notNull(),
});

/** Every change to the calendar: who, when, and the year's rows before and after. */
export const calendarAudit = pgTable(
  "calendar_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    year: integer("year").notNull(),
    actor: text("actor").notNull(),
    at: at("at").notNull(),
    before: jsonb("before").notNull(),
    after: jsonb("after").notNull(),
    /** Open tasks and pending timers whose due dates were counted again. */
    recomputed: jsonb("recomputed"),
  },
  (t) => [index("calendar_audit_year").on(t.year, t.at)],
);

/**
 * The last business-key number given per process and year (a definition's `businessKey`
 * pattern). Taken and raised in the start's transaction: the row lock makes concurrent
 * starts wait their turn, and a start that rolls back gives its number back.
 */
export const businessKeyCounters = pgTable(
  "business_key_counters",
  {
    processKey: text("process_key").notNull(),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.processKey, t.year] })],
);

/**
 * A definition's schedules (issue 15): one row per process key and schedule key,
 * driven by the latest published version that declares it. `firedThrough`: slots up
 * to it are done (fired or skipped); `nextAt`: when a worker next looks (the next
 * slot, or for rules on the working calendar the next day at that time, so that a
 * calendar change is seen). Paused stays paused across versions.
 */
export const schedules = pgTable(
  "schedules",
  {
    processKey: text("process_key").notNull(),
    scheduleKey: text("schedule_key").notNull(),
    version: integer("version").notNull(),
    /** False once the latest version no longer declares it. */
    active: boolean("active").notNull(),
    paused: boolean("paused").notNull().default(false),
    pausedBy: text("paused_by"),
    pausedAt: at("paused_at"),
    firedThrough: at("fired_through").notNull(),
    nextAt: at("next_at"),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.processKey, t.scheduleKey] }),
    index("schedules_due")
      .on(t.nextAt)
      .where(sql`${t.active} and not ${t.paused}`),
  ],
);

/**
 * One row per slot and item a schedule fired, inserted in the transaction that starts
 * its instance: the unique key makes each (schedule, slot, item) start at most once,
 * whatever the number of workers. `itemId` is empty for a schedule without `forEach`;
 * `error` says why an item's start was refused (its variables), with no instance.
 */
export const scheduleSlots = pgTable(
  "schedule_slots",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    processKey: text("process_key").notNull(),
    scheduleKey: text("schedule_key").notNull(),
    slotAt: at("slot_at").notNull(),
    itemId: text("item_id").notNull(),
    version: integer("version").notNull(),
    instanceId: uuid("instance_id"),
    error: text("error"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [uniqueIndex("schedule_slots_once").on(t.processKey, t.scheduleKey, t.slotAt, t.itemId)],
);

/** Pauses and resumes of schedules: who, when, why. */
export const scheduleAudit = pgTable(
  "schedule_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    processKey: text("process_key").notNull(),
    scheduleKey: text("schedule_key").notNull(),
    action: text("action", { enum: ["pause", "resume"] }).notNull(),
    actor: text("actor").notNull(),
    at: at("at").notNull(),
    reason: text("reason"),
  },
  (t) => [index("schedule_audit_schedule").on(t.processKey, t.scheduleKey, t.at)],
);
