/**
 * What every engine service shares: the database, the clock, the logger, the
 * compiled-definition cache and the notification senders.
 */
import type { CalendarHolder } from "../calendar/calendar-holder.js";
import type { Clock } from "../clock.js";
import type { CompiledDefinition } from "../definition/compile.js";
import type { FeelEvaluator } from "../definition/feel.js";
import type { FileSettings } from "../files/file-settings.js";
import type { References } from "../references/reference-resolver.js";
import type { Database, Db, StatementOptions, Statements } from "../store/database.js";
import { ChangeLog } from "./change-log.js";
import type { NotificationSettings } from "../notifications/notification-settings.js";
import type { NotificationSender } from "../types.js";
import type { RegisteredSource } from "../scheduler/schedule-source.js";
import type { ChangeGuard, ChangeTexts } from "./write-change.js";

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface JobPolicy {
  /** Attempts before a job is marked failed and its instance gets an incident. */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each attempt. */
  retryDelayMs: number;
  /**
   * How long a batch of due jobs may spend planning before it writes what it has
   * (the rest go in the next batch), so its locks are held briefly. Default 200 ms.
   */
  batchPlanMs: number;
}

export interface EngineContext {
  database: Database;
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: JobPolicy;
  /** Channel name → sender. `default` is used when a channel has none of its own. */
  senders: Map<string, NotificationSender>;
  /** The compiled machine of a published version, cached; `db` is the caller's transaction or the database. */
  compiled(key: string, version: number, db: Db): Promise<CompiledDefinition>;
  /** Where attachments go and how large they may be. */
  files: FileSettings;
  /** Longest string a user may put in start variables, form data or event data. */
  maxStringLength?: number;
  /** Evaluates the steps' expressions (default inline, without a budget). */
  evaluator?: FeelEvaluator;
  /** The working calendar passed into every step (kept current across processes). */
  calendar: Pick<CalendarHolder, "current">;
  /** Resolvers of `x-ref` fields by kind (empty: ids are stored as given). */
  references: References;
  /** Sources a schedule's `forEach` names (engine/scheduler/schedule-source.ts). */
  sources: Map<string, RegisteredSource>;
  /** Recipient roles, channel senders, the secret box, the digest hour. */
  notifications: NotificationSettings;
  /** The change statements' texts, composed once per shape (write-change.ts). */
  changeTexts: ChangeTexts;
}

export { CHANNEL_EVENTS, CHANNEL_JOBS } from "./channels.js";

/**
 * One transaction's work: drizzle on it for the cold statements, its prepared
 * statements for the hot path, the engine's clock, and what it will announce.
 */
export interface UnitOfWork {
  tx: Db;
  statements: Statements;
  clock: Clock;
  log: ChangeLog;
  changeTexts: ChangeTexts;
  /** No transaction: the change's write is guarded (engine/service/optimistic-change.ts). */
  guard?: ChangeGuard;
}

/**
 * The unit of work of `tx` (a transaction or savepoint opened on `ctx.db`);
 * `commitsAfter` for a top-level transaction that commits when its code returns.
 */
export function unitOfWork(
  ctx: EngineContext,
  tx: Db,
  log: ChangeLog = new ChangeLog(),
  options: StatementOptions = {},
): UnitOfWork {
  return {
    tx,
    statements: ctx.database.statements(tx, options),
    clock: ctx.clock,
    log,
    changeTexts: ctx.changeTexts,
  };
}
