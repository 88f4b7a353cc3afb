/**
 * The retention step: moves the history of instances that ended more than
 * `days` ago into `history_archive`, and deletes finished jobs, sent
 * notifications and idempotency keys older than that. The live tables then
 * hold recent work only, so queries about running instances stay as fast in
 * year ten as in year one. Each batch is one transaction under an advisory
 * lock, so with several workers only one moves a given batch.
 */
import { sql } from "drizzle-orm";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";

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
  return { cutoff, instances: 0, historyRows: 0, jobs: 0, notifications: 0, idempotencyKeys: 0 };
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
  for (;;) {
    const batch = await ctx.db.transaction((tx) =>
      archiveBatch(tx, cutoff, policy.batchSize, options.wait ?? true),
    );
    if (!batch) break;
    total.instances += batch.instances;
    total.historyRows += batch.historyRows;
    total.jobs += batch.jobs;
    total.notifications += batch.notifications;
    total.idempotencyKeys += batch.idempotencyKeys;
    const full =
      // batchSize old history rows were taken (from fewer instances, maybe): there may be more
      batch.scannedHistory >= policy.batchSize ||
      batch.jobs >= policy.batchSize ||
      batch.notifications >= policy.batchSize ||
      batch.idempotencyKeys >= policy.batchSize;
    if (!full || options.shouldStop?.()) break;
  }
  return total;
}

type BatchCounts = Omit<ArchiveResult, "cutoff"> & { scannedHistory: number };

/** One transaction's worth; null when another process holds the lock and `wait` is false. */
async function archiveBatch(
  tx: Db,
  cutoff: Date,
  limit: number,
  wait: boolean,
): Promise<BatchCounts | null> {
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(${ARCHIVE_LOCK})`);
  } else {
    const [lock] = rowsOf(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${ARCHIVE_LOCK}) as ok`),
    );
    if (!lock?.ok) return null;
  }
  const before = sql`${cutoff.toISOString()}::timestamptz`;
  // Oldest rows first through history_at; rows of instances still running (or ended
  // recently) are passed over, and there are only as many of those as there is live work.
  // delete … returning feeds the insert in one statement: a row is moved exactly once.
  const [moved] = rowsOf(
    await tx.execute(sql`
      with scanned as (
        select h.instance_id from history h join instances i on i.id = h.instance_id
        where h.at < ${before} and i.ended_at < ${before}
        order by h.at
        limit ${limit}
      ), moved as (
        delete from history where instance_id in (select instance_id from scanned)
        returning *
      ), archived as (
        insert into history_archive
          (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
        select instance_id, seq, at, kind, actor, event, from_states, to_states, data from moved
        returning instance_id
      )
      select
        (select count(distinct instance_id) from archived)::int as instances,
        (select count(*) from archived)::int as rows,
        (select count(*) from scanned)::int as scanned`),
  );
  const jobs = await deleteOldest(
    tx,
    sql`select id from jobs where status in ('done', 'cancelled') and finished_at < ${before}
        order by finished_at limit ${limit} for update skip locked`,
    sql`delete from jobs where id in`,
  );
  const notifications = await deleteOldest(
    tx,
    sql`select id from outbox where status = 'sent' and sent_at < ${before}
        order by sent_at limit ${limit} for update skip locked`,
    sql`delete from outbox where id in`,
  );
  const idempotencyKeys = await deleteOldest(
    tx,
    sql`select scope, key from idempotency_keys where created_at < ${before}
        order by created_at limit ${limit} for update skip locked`,
    sql`delete from idempotency_keys where (scope, key) in`,
  );
  return {
    instances: Number(moved?.instances ?? 0),
    historyRows: Number(moved?.rows ?? 0),
    scannedHistory: Number(moved?.scanned ?? 0),
    jobs,
    notifications,
    idempotencyKeys,
  };
}

async function deleteOldest(
  tx: Db,
  oldest: ReturnType<typeof sql>,
  deleteWhere: ReturnType<typeof sql>,
): Promise<number> {
  const [row] = rowsOf(
    await tx.execute(
      sql`with gone as (${deleteWhere} (${oldest}) returning 1) select count(*)::int as n from gone`,
    ),
  );
  return Number(row?.n ?? 0);
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<
    string,
    unknown
  >[];
}
