/**
 * Takes due jobs together with their instances' row locks, skipping any job or
 * instance another transaction holds: a worker never waits for an instance
 * lock while holding job locks, so workers and API calls cannot deadlock.
 *
 * The claim walks the partial index of pending jobs in due order and stops at
 * the batch's size, whatever the table's statistics say. A jobs table that was
 * never analyzed (a new database, a big fill since autovacuum last looked, PGlite,
 * which has no autovacuum at all) made PostgreSQL guess 41 due rows for 20,000,
 * and plan a bitmap scan of every due job, joined to its instance and sorted,
 * for each batch: 205 ms for a claim of 200 out of 20,000 instead of 0.8 ms.
 * Without bitmap scans, for this one statement, the index in due order is the
 * only cheap plan (test/bench/RESULTS.md, issue 18, session 7).
 */
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { InstanceRow } from "../service/rows.js";
import type { Db, Statements } from "../store/database.js";
import { instances, jobs } from "../store/schema.js";
import { rowReader, selectList } from "../store/table-rows.js";

export type JobRow = typeof jobs.$inferSelect;

/** A claimed job and its instance row as it was when claimed (already locked); null for a job of no instance. */
export interface ClaimedJob {
  job: JobRow;
  instance: InstanceRow | null;
}

// Due order only, as the partial index `jobs_pending_due` gives it: a tie-break on id made
// PostgreSQL sort every job due at the same instant (100,000 timers: ~1 s per claim).
const CLAIM = `select ${selectList(jobs, "j", "job.")}, ${selectList(instances, "i")}
  from jobs j join instances i on i.id = j.instance_id
 where j.status = 'pending' and j.due_at <= $1::timestamptz
 order by j.due_at
 limit $2::int
 for update of j, i skip locked`;
const readJob = rowReader(jobs, "job.");
const readInstance = rowReader(instances);
const NO_BITMAP_SCANS = `select set_config('enable_bitmapscan', 'off', true)`;
const BITMAP_SCANS_AGAIN = `reset enable_bitmapscan`;

/** Due jobs of instances, due order first, with their instances; at most `limit`. */
export async function claimDueJobs(
  statements: Statements,
  now: Date,
  limit: number,
): Promise<ClaimedJob[]> {
  await statements.run(NO_BITMAP_SCANS, []);
  const rows = await statements.run(CLAIM, [now.toISOString(), limit]);
  await statements.run(BITMAP_SCANS_AGAIN, []);
  return rows.map((raw) => ({ job: readJob(raw), instance: readInstance(raw) }));
}

/** Due jobs of no instance (an upload's expiry), through their own partial index. */
export async function claimDueFreeJobs(tx: Db, now: Date, limit: number): Promise<ClaimedJob[]> {
  const rows = await tx
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, "pending"), isNull(jobs.instanceId), lte(jobs.dueAt, now)))
    .orderBy(asc(jobs.dueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return rows.map((job) => ({ job, instance: null }));
}
