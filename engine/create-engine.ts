/**
 * `createEngine`: opens the database, applies migrations and returns the
 * embedding API (DESIGN.md §4).
 */
import { openCalendarHolder, type CalendarHolder } from "./calendar/calendar-holder.js";
import { createCalendarService, recountFlagged } from "./calendar/calendar-service.js";
import { systemClock, type Clock } from "./clock.js";
import type { Engine, Worker } from "./engine.js";
import { createFiles } from "./files/create-files.js";
import { openFileSettings, type FileOptions, type FileSettings } from "./files/file-settings.js";
import { archiveExpired, retentionPolicy, type RetentionPolicy } from "./scheduler/archive.js";
import { startRetentionSchedule } from "./scheduler/archive-schedule.js";
import { startDeliveryLoop } from "./notifications/delivery-loop.js";
import {
  notificationSettings,
  type NotificationOptions,
} from "./notifications/notification-settings.js";
import { createNotifications } from "./notifications/notifications.js";
import { runDueJobs } from "./scheduler/run-due-jobs.js";
import { runDueSchedules } from "./scheduler/fire-schedules.js";
import {
  registerSources,
  type ScheduleSource,
  type ScheduleSourceList,
} from "./scheduler/schedule-source.js";
import { createSchedules } from "./service/schedules.js";
import { startWorker } from "./scheduler/worker.js";
import {
  CHANNEL_EVENTS,
  silentLogger,
  type EngineContext,
  type JobPolicy,
  type Logger,
} from "./service/context.js";
import { createCompiledCache, createDefinitions } from "./service/definitions.js";
import { createChangeTexts } from "./service/write-change.js";
import { createFeelEvaluator } from "./service/feel-evaluator.js";
import type { FeelSandboxOptions } from "./service/feel-sandbox.js";
import { createInstances } from "./service/instances.js";
import { createTasks } from "./service/tasks.js";
import { createIdempotencyKeys } from "./service/idempotency-keys.js";
import { createGroupNameStore } from "./identity/group-name-store.js";
import { createUserStore } from "./identity/user-store.js";
import { pingDatabase, readWorkload } from "./service/workload.js";
import { createReferenceReader } from "./references/read-references.js";
import type { References } from "./references/reference-resolver.js";
import { openDatabase } from "./store/open-database.js";
import type { EngineEvent, NotificationSender } from "./types.js";

export interface EngineOptions {
  /** `postgres://…`, `pglite://memory`, `pglite:///a/dir`; default: PGlite in `ZHIBEN_DATA_DIR` or `./data`. */
  database?: string;
  /** Where "now" comes from; tests pass `createManualClock()`. */
  clock?: Clock;
  logger?: Logger;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number;
  /**
   * Called with each statement sent to the database, `begin` and `commit` included
   * (both drivers). For tests that count a change's round trips; costs time, leave unset.
   */
  onStatement?: (statement: string) => void;
  /** Notification senders by channel; `default` serves channels without their own. Default: write to the logger. */
  senders?: Record<string, NotificationSender>;
  /**
   * Job retries: attempts (default 5) and the first retry delay in ms (default 10 s, doubling);
   * `batchPlanMs`, how long a batch of due jobs plans before writing (default 200 ms).
   */
  jobs?: Partial<JobPolicy>;
  /**
   * How long finished work stays in the live tables: `days` after an instance ends its
   * history moves to `history_archive` (still read by `instances.history`), and finished
   * jobs, sent notifications and idempotency keys are deleted. Default: `ZHIBEN_RETENTION_DAYS`
   * (days, or `off`), else 365; `days: 0` turns it off. Workers apply it at start and every
   * `intervalMs` (default 1 hour), `batchSize` rows per transaction (default 500).
   */
  retention?: Partial<RetentionPolicy>;
  /**
   * Attachments: `store` is `database` (default: chunks in this database), `file:///a/dir`
   * or `s3://bucket?endpoint=…` (default `ZHIBEN_FILES`); `maxBytes` the largest upload
   * (default `ZHIBEN_FILE_MAX_MB`, else 25 MB); uploads no instance references are deleted
   * after `keepUnreferencedMs` (default one day).
   */
  files?: FileOptions;
  /**
   * The budget of a FEEL expression that can loop (`for`, `some`, ranges…): it runs in a
   * worker for at most `timeLimitMs` (default 500) with a `maxMemoryMb` heap (default 64);
   * past it the step fails with an `EXPRESSION` error and nothing is written.
   */
  expressions?: FeelSandboxOptions;
  /**
   * Records that forms may reference: a schema property with `"x-ref": "enterprise"` holds
   * an id that `references.enterprise` looks up at start and at a task's completion, in the
   * same transaction; an unknown id is a field problem, and the variables in the resolver's
   * `fill` that the schema declares are copied from the record.
   */
  references?: References;
  /**
   * Longest string (characters, at any depth) in start variables, task form data and event
   * data from a user; longer is a 400 naming the field. Default `ZHIBEN_MAX_STRING_LENGTH`,
   * else 10,000. A form field's own `maxLength` may be lower.
   */
  maxStringLength?: number;
  /**
   * Sources a schedule's `forEach` names: `{ enterprises: { label: "企业", unit: "家",
   * list: async ({ db }) => [{ id, … }] } }`, or just the function. Items need an `id`.
   */
  sources?: Record<string, ScheduleSource | ScheduleSourceList>;
  /**
   * Who a `notify` reaches and how: roles it may name (`resolvers`), senders of further
   * channel types, the SMS gateway, the case link's base (`publicUrl`, default
   * `ZHIBEN_PUBLIC_URL`), the key sealing channel secrets (`secretKey`, default
   * `ZHIBEN_SECRET_KEY`) and the digest hour (`digestAt`, default `ZHIBEN_DIGEST_AT` or 08:30).
   */
  notifications?: NotificationOptions;
}

/**
 * Creates an engine on a database; migrations are applied first.
 *
 * @example
 * ```ts
 * import { createEngine } from "zhiben";
 * const engine = await createEngine({ database: process.env.DATABASE_URL });
 * await engine.definitions.publish(json);
 * const instance = await engine.instances.start("hazard-closure", vars, { actor });
 * const worker = engine.startWorker();
 * ```
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const retention = retentionPolicy(options.retention);
  const database = await openDatabase(options.database, {
    poolSize: options.poolSize,
    onStatement: options.onStatement,
  });
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  let fileSettings: FileSettings;
  try {
    fileSettings = await openFileSettings(options.files, database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const logger = options.logger ?? silentLogger;
  let calendar: CalendarHolder;
  try {
    const warn = (error: unknown) =>
      logger.warn({ err: String(error) }, "working calendar reload failed");
    calendar = await openCalendarHolder(database, {
      onError: warn,
      // Wired once ctx exists (below): a reload can only come after this function returns.
      onNewlyComplete: (years) => void recountFlagged(ctx, years).catch(warn),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const senders = new Map<string, NotificationSender>(Object.entries(options.senders ?? {}));
  if (!senders.has("default")) {
    senders.set("default", async (n) => logger.info({ notification: n }, "notification"));
  }
  const evaluator = createFeelEvaluator({ timeLimitMs: 500, ...options.expressions });
  const ctx: EngineContext = {
    database,
    db: database.engineDb,
    clock: options.clock ?? systemClock,
    logger,
    jobs: { maxAttempts: 5, retryDelayMs: 10_000, batchPlanMs: 200, ...options.jobs },
    senders,
    compiled: createCompiledCache(),
    files: fileSettings,
    evaluator,
    maxStringLength: options.maxStringLength ?? defaultMaxStringLength(),
    calendar,
    references: options.references ?? {},
    sources: registerSources(options.sources),
    notifications: notificationSettings(options.notifications),
    changeTexts: createChangeTexts(),
  };
  const workers = new Set<Worker>();
  let closed = false;

  return {
    definitions: createDefinitions(ctx),
    instances: createInstances(ctx),
    tasks: createTasks(ctx),
    files: createFiles(ctx),
    calendar: createCalendarService(ctx, calendar),
    references: createReferenceReader(ctx),
    idempotencyKeys: createIdempotencyKeys(ctx),
    users: createUserStore(ctx.db),
    groups: createGroupNameStore(ctx.db),
    notifications: createNotifications(ctx),
    maintenance: {
      archive: () => archiveExpired(ctx, retention),
      workload: () => readWorkload(ctx),
      ping: () => pingDatabase(ctx),
    },
    clock: ctx.clock,
    database,
    schedules: createSchedules(ctx),
    async runDueJobs() {
      const started = await runDueSchedules(ctx);
      return started + (await runDueJobs(ctx));
    },
    startWorker(workerOptions) {
      const worker = startWorker(ctx, workerOptions);
      const retaining = startRetentionSchedule(ctx, retention);
      const delivering = startDeliveryLoop(ctx, workerOptions?.pollMs ?? 1000);
      const tracked: Worker = {
        async stop() {
          workers.delete(tracked);
          await Promise.all([worker.stop(), retaining.stop(), delivering.stop()]);
        },
      };
      workers.add(tracked);
      return tracked;
    },
    subscribe(listener) {
      return database.listen(CHANNEL_EVENTS, (payload) => {
        try {
          listener(JSON.parse(payload) as EngineEvent);
        } catch (error) {
          logger.warn({ err: String(error) }, "engine event listener failed");
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...workers].map((w) => w.stop()));
      await calendar.close();
      await Promise.all([...fileSettings.stores.values()].map((store) => store.close()));
      await database.close();
      await evaluator.close();
    },
  };
}

function defaultMaxStringLength(): number {
  const fromEnv = Number(process.env.ZHIBEN_MAX_STRING_LENGTH);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 10_000;
}
