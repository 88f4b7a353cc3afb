/**
 * What every engine service shares: the database, the clock, the logger, the
 * compiled-definition cache and the notification senders.
 */
import type { CalendarHolder } from "../calendar/calendar-service.js";
import type { Clock } from "../clock.js";
import type { CompiledDefinition } from "../definition/compile.js";
import type { FeelEvaluator } from "../definition/feel.js";
import type { FileSettings } from "../files/file-settings.js";
import type { References } from "../references/reference-resolver.js";
import type { Database, Db } from "../store/database.js";
import type { NotificationSender } from "../types.js";

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
  /** Evaluates the steps' expressions (default inline, without a budget). */
  evaluator?: FeelEvaluator;
  /** The working calendar passed into every step (kept current across processes). */
  calendar: Pick<CalendarHolder, "current">;
  /** Resolvers of `x-ref` fields by kind (empty: ids are stored as given). */
  references: References;
}

/** NOTIFY channel names. */
export const CHANNEL_JOBS = "zhiben_jobs";
export const CHANNEL_EVENTS = "zhiben_events";
