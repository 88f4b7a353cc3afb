/**
 * The retention step: moves the history of instances that ended more than
 * `days` ago into `history_archive`, and deletes finished jobs, sent
 * notifications, delivered or dead deliveries and idempotency keys older than that. The live tables then
 * hold recent work only, so queries about running instances stay as fast in
 * year ten as in year one. Each batch is one transaction under an advisory
 * lock, so with several workers only one moves a given batch.
 */
import { sql, type SQL } from "drizzle-orm";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { rowsOf } from "../service/rows.js";

export interface RetentionPolicy {
  /** Days after an instance ends (or a job finishes) before its rows leave the live tables; 0 turns retention off. */
  days: number;
  /** Rows of each kind per transaction (instances for history). */
  batchSize: number;
  /** How often a running worker applies retention, in ms (it also does at start). */
  intervalMs: number;
}

/** What one retention run moved or deleted. */
export interface ArchiveResult {
  /** Rows older than this were due; null when retention is off. */
  cutoff: Date | null;
  /** Instances whose history moved to `history_archive`. */
  instances: number;
  /** History rows moved. */
  historyRows: number;
  /** Finished jobs (done or cancelled) deleted; failed ones stay until retried or cancelled. */
  jobs: number;
  /** Sent notifications deleted from the outbox. */
  notifications: number;
  /**
   * Deliveries deleted: sent ones (in-app messages included, read or not) sent before the
   * cutoff, and dead ones last tried before it. Pending ones stay.
   */
  deliveries: number;
  idempotencyKeys: number;
}

export const DEFAULT_RETENTION_DAYS = 365;
const DAY_MS = 86_400_000;
/** Any fixed number: the retention batch holds this transaction-level advisory lock. */
const ARCHIVE_LOCK = 7_426_111;

/**
 * The policy from the engine option, else `ZHIBEN_RETENTION_DAYS` (a number of
 * days, or `off`), else 365 days. Throws `TypeError` on a value that is not one.
 */
export function retentionPolicy(
  options: Partial<RetentionPolicy> = {},
  env: string | undefined = process.env.ZHIBEN_RETENTION_DAYS,
): RetentionPolicy {
  const days = options.days ?? parseRetentionDays(env);
  if (!Number.isFinite(days) || days < 0)
    throw new TypeError(`retention days must be 0 (off) or more, not ${days}`);
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new TypeError(`retention batchSize must be a whole number above 0, not ${batchSize}`);
  const intervalMs = options.intervalMs ?? 3_600_000;
  if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > 2_147_483_647)
    throw new TypeError(`retention intervalMs must be 1 to 2147483647, not ${intervalMs}`);
  return { days, batchSize, intervalMs };
}

function parseRetentionDays(value: string | undefined): number {
  const text = value?.trim().toLowerCase();
  if (text === undefined || text === "") return DEFAULT_RETENTION_DAYS;
  if (text === "off") return 0;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new TypeError(
    `ZHIBEN_RETENTION_DAYS must be a number of days or "off", not ${JSON.stringify(value)}`,
  );
}

export function emptyArchiveResult(cutoff: Date | null): ArchiveResult {
  return {
    cutoff,
    instances: 0,
    historyRows: 0,
    jobs: 0,
    notifications: 0,
    deliveries: 0,
    idempotencyKeys: 0,
  };
}

/**
 * Applies retention in batches until nothing more is due (or `shouldStop`).
 * `wait: false` gives up when another process holds the lock: it is doing the same work.
 */
export async function archiveExpired(
  ctx: EngineContext,
  policy: RetentionPolicy,
  options: { wait?: boolean; shouldStop?: () => boolean } = {},
): Promise<ArchiveResult> {
  if (policy.days <= 0) return emptyArchiveResult(null);
  const cutoff = new Date(ctx.clock.now().getTime() - policy.days * DAY_MS);
  const total = emptyArchiveResult(cutoff);
  const progress: Progress = {
    history: null,
    jobs: false,
    notifications: false,
    deliveries: false,
    keys: false,
  };
  while (!(
    progress.history === "done" &&
    progress.jobs &&
    progress.notifications &&
    progress.deliveries &&
    progress.keys
  )) {
    const took = await ctx.db.transaction((tx) =>
      archiveBatch(tx, cutoff, policy.batchSize, options.wait ?? true, progress),
    );
    if (!took) break;
    total.instances += took.instances;
    total.historyRows += took.historyRows;
    total.jobs += took.jobs;
    total.notifications += took.notifications;
    total.deliveries += took.deliveries;
    total.idempotencyKeys += took.idempotencyKeys;
    if (options.shouldStop?.()) break;
  }
  return total;
}

/** The last history row a run has looked at (`at` as PostgreSQL wrote it: microseconds kept). */
interface HistoryCursor {
  at: string;
  instanceId: string;
  seq: number;
}

/** Where a run is: history from past the cursor, or done; the deletes, each done or not. */
interface Progress {
  history: HistoryCursor | null | "done";
  jobs: boolean;
  notifications: boolean;
  deliveries: boolean;
  keys: boolean;
}

/**
 * One transaction's worth, each kind up to `limit` rows; updates `progress`.
 * Returns null when another process holds the lock and `wait` is false.
 */
async function archiveBatch(
  tx: Db,
  cutoff: Date,
  limit: number,
  wait: boolean,
  progress: Progress,
): Promise<Omit<ArchiveResult, "cutoff"> | null> {
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(${ARCHIVE_LOCK})`);
  } else {
    const [lock] = rowsOf(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${ARCHIVE_LOCK}) as ok`),
    );
    if (!lock?.ok) return null;
  }
  const before = sql`${cutoff.toISOString()}::timestamptz`;
  const took = emptyArchiveResult(cutoff);
  if (progress.history !== "done") {
    const moved = await moveHistory(tx, before, limit, progress.history);
    took.instances = moved.instances;
    took.historyRows = moved.rows;
    progress.history = moved.last ?? "done";
  }
  if (!progress.jobs) {
    took.jobs = await deleteOldest(
      tx,
      sql`select id from jobs where status in ('done', 'cancelled') and finished_at < ${before}
          order by finished_at limit ${limit} for update skip locked`,
      sql`delete from jobs where id in`,
    );
    progress.jobs = took.jobs < limit;
  }
  if (!progress.notifications) {
    took.notifications = await deleteOldest(
      tx,
      sql`select id from outbox where status = 'sent' and sent_at < ${before}
          order by sent_at limit ${limit} for update skip locked`,
      sql`delete from outbox where id in`,
    );
    progress.notifications = took.notifications < limit;
  }
  if (!progress.deliveries) {
    // Delivered (deliveries_sent) and dead (deliveries_dead, counted from the last try).
    const gone = sql`delete from deliveries where id in`;
    const sent = await deleteOldest(
      tx,
      sql`select id from deliveries where status = 'sent' and sent_at < ${before}
          order by sent_at limit ${limit} for update skip locked`,
      gone,
    );
    const dead = await deleteOldest(
      tx,
      sql`select id from deliveries where status = 'dead'
            and coalesce(last_attempt_at, created_at) < ${before}
          order by created_at limit ${limit} for update skip locked`,
      gone,
    );
    took.deliveries = sent + dead;
    progress.deliveries = sent < limit && dead < limit;
  }
  if (!progress.keys) {
    took.idempotencyKeys = await deleteOldest(
      tx,
      sql`select scope, key from idempotency_keys where created_at < ${before}
          order by created_at limit ${limit} for update skip locked`,
      sql`delete from idempotency_keys where (scope, key) in`,
    );
    progress.keys = took.idempotencyKeys < limit;
  }
  const { cutoff: _cutoff, ...counts } = took;
  return counts;
}

/**
 * Moves all history of the instances owning the next `limit` old rows (oldest first,
 * through history_at) whose instance ended before the cutoff. Rows of instances still
 * running, or ended since, are passed over: the cursor keeps a run from reading them twice.
 * DELETE … RETURNING feeds the INSERT in one statement, so a row moves exactly once.
 * `last` is null when fewer than `limit` rows were due.
 */
async function moveHistory(
  tx: Db,
  before: SQL,
  limit: number,
  after: HistoryCursor | null,
): Promise<{ instances: number; rows: number; last: HistoryCursor | null }> {
  const past = after
    ? sql`and h.at >= ${after.at}::timestamptz
          and (h.at, h.instance_id, h.seq) > (${after.at}::timestamptz, ${after.instanceId}::uuid, ${after.seq})`
    : sql``;
  const [row] = rowsOf(
    await tx.execute(sql`
      with scanned as (
        select h.at, h.instance_id, h.seq from history h join instances i on i.id = h.instance_id
        where h.at < ${before} and i.ended_at < ${before} ${past}
        order by h.at, h.instance_id, h.seq
        limit ${limit}
      ), moved as (
        delete from history where instance_id in (select instance_id from scanned)
        returning *
      ), archived as (
        insert into history_archive
          (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
        select instance_id, seq, at, kind, actor, event, from_states, to_states, data from moved
        returning instance_id
      ), last as (
        select at::text as at, instance_id::text as instance_id, seq from scanned
        order by at desc, instance_id desc, seq desc limit 1
      )
      select
        (select count(distinct instance_id) from archived)::int as instances,
        (select count(*) from archived)::int as rows,
        (select count(*) from scanned)::int as scanned,
        last.at, last.instance_id, last.seq
      from (select 1) one left join last on true`),
  );
  const full = Number(row?.scanned ?? 0) >= limit;
  return {
    instances: Number(row?.instances ?? 0),
    rows: Number(row?.rows ?? 0),
    last:
      full && row
        ? { at: String(row.at), instanceId: String(row.instance_id), seq: Number(row.seq) }
        : null,
  };
}

async function deleteOldest(tx: Db, oldest: SQL, deleteWhere: SQL): Promise<number> {
  const [row] = rowsOf(
    await tx.execute(
      sql`with gone as (${deleteWhere} (${oldest}) returning 1) select count(*)::int as n from gone`,
    ),
  );
  return Number(row?.n ?? 0);
}
