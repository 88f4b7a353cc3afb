/**
 * Runs due jobs in batches, each batch one transaction. Timers and messages
 * are planned in memory and the whole batch is written by one statement
 * (plan-job.ts, write-batch.ts): begin, claim, write, commit, whatever the
 * batch's size. A job whose step fails is recorded alone, retried with
 * back-off, and after its last attempt marks its instance with an incident.
 * Other jobs (deliveries, expiries) run through their handlers, each in a
 * savepoint; should a batch's write fail, the batch runs again that way.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { ChangeLog, recordChange } from "../service/apply-step.js";
import { unitOfWork, type EngineContext, type UnitOfWork } from "../service/context.js";
import type { InstanceRow } from "../service/rows.js";
import type { Db } from "../store/database.js";
import { instances, jobs } from "../store/schema.js";
import type { Incident } from "../types.js";
import { isConnectionLoss } from "../store/drivers/retry-lost-connections.js";
import { claimDueFreeJobs, claimDueJobs, type ClaimedJob, type JobRow } from "./claim-due-jobs.js";
import { jobHandlers } from "./handlers.js";
import { planJob, PLANNED_KINDS } from "./plan-job.js";
import { writeBatch, type BatchChange } from "./write-batch.js";
import { safeErrorMessage } from "../store/driver-error.js";

/** Kept on the job and shown in the incident: never a driver error's parameters. */
const errorMessage = safeErrorMessage;

async function recordFailure(
  tx: Db,
  ctx: EngineContext,
  job: JobRow,
  error: unknown,
  log: ChangeLog,
  instanceOf: () => Promise<InstanceRow | undefined>,
): Promise<void> {
  const now = ctx.clock.now();
  const attempts = job.attempts + 1;
  const message = errorMessage(error);
  ctx.logger.warn(
    { jobId: job.id, kind: job.kind, instanceId: job.instanceId, attempts, err: message },
    "job failed",
  );
  if (attempts < ctx.jobs.maxAttempts) {
    const retryAt = new Date(now.getTime() + ctx.jobs.retryDelayMs * 2 ** (attempts - 1));
    await tx
      .update(jobs)
      .set({ attempts, lastError: message, dueAt: retryAt })
      .where(eq(jobs.id, job.id));
    return;
  }
  await tx
    .update(jobs)
    .set({ attempts, lastError: message, status: "failed", finishedAt: now })
    .where(eq(jobs.id, job.id));
  if (!job.instanceId) return;
  const incident: Incident = {
    jobId: job.id,
    kind: job.kind,
    message,
    attempts,
    at: now.toISOString(),
  };
  const row = await instanceOf();
  if (!row) return;
  const data = { jobId: job.id, kind: job.kind, error: message, attempts };
  await recordChange(unitOfWork(ctx, tx, log), row, {
    kind: "incident",
    actor: "system",
    data,
    set: { incident },
  });
}

/**
 * Runs claimed jobs through their handlers, each in a savepoint: one that fails
 * rolls back alone, is recorded as failed and retried. `touched`: instances this
 * transaction has changed already, whose claimed row is stale.
 */
async function runHandlers(
  tx: Db,
  ctx: EngineContext,
  claimed: ClaimedJob[],
  log: ChangeLog,
  touched: Set<string>,
): Promise<number[]> {
  const done: number[] = [];
  for (const { job, instance } of claimed) {
    const jobLog = new ChangeLog();
    const instanceOf = async (): Promise<InstanceRow | undefined> => {
      if (!instance) return undefined;
      if (!touched.has(instance.id)) return instance;
      const [row] = await tx.select().from(instances).where(eq(instances.id, instance.id));
      return row;
    };
    try {
      const handler = jobHandlers.get(job.kind);
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await tx.transaction(async (savepoint) =>
        handler(savepoint as unknown as Db, ctx, job, jobLog, instanceOf),
      );
      done.push(job.id);
      log.events.push(...jobLog.events);
      log.jobsAdded ||= jobLog.jobsAdded;
    } catch (error) {
      await recordFailure(tx, ctx, job, error, log, instanceOf);
    }
    if (instance) touched.add(instance.id);
  }
  return done;
}

/** Claims due jobs: the instances' first (a backlog of timers), then jobs of no instance. */
async function claim(unit: UnitOfWork, now: Date, limit: number): Promise<ClaimedJob[]> {
  const { tx, statements } = unit;
  const due = await claimDueJobs(statements, now, limit);
  if (due.length < limit) due.push(...(await claimDueFreeJobs(tx, now, limit - due.length)));
  return due;
}

/** What a batch did. */
export interface BatchRun {
  /** Jobs it ran (done or failed). */
  ran: number;
  /** Whether more may be due already: a full claim, jobs left for the next batch, or jobs added. */
  more: boolean;
}

/** The careful way: every job through its handler in a savepoint of its own. */
async function runCarefully(ctx: EngineContext, limit: number): Promise<BatchRun> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const unit = unitOfWork(ctx, tx);
    const { log } = unit;
    const due = await claim(unit, now, limit);
    const done = await runHandlers(tx, ctx, due, log, new Set());
    await markDone(tx, ctx, done);
    const jobsAdded = log.jobsAdded;
    await log.flush(tx);
    return { ran: due.length, more: due.length >= limit || jobsAdded };
  });
}

async function markDone(tx: Db, ctx: EngineContext, done: number[]): Promise<void> {
  if (done.length === 0) return;
  await tx
    .update(jobs)
    .set({ status: "done", attempts: sql`${jobs.attempts} + 1`, finishedAt: ctx.clock.now() })
    .where(inArray(jobs.id, done));
}

export interface BatchOptions {
  /** Jobs claimed at most. */
  limit: number;
  /** Planning stops after this long, so a batch holds its locks briefly (default `ctx.jobs.batchPlanMs`). */
  planMs?: number;
}

/**
 * One batch the fast way: timers and messages are planned in memory and all
 * written by one statement (write-batch.ts); a job whose step fails is recorded
 * as failed alone and retried. A second job of an instance already in the batch
 * stays pending for the next one. Other jobs (deliveries, expiries, steps that
 * start child processes) run through their handlers, each in a savepoint.
 */
async function runPlanned(ctx: EngineContext, options: BatchOptions): Promise<BatchRun> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const unit = unitOfWork(ctx, tx);
    const due = await claim(unit, now, options.limit);
    const deadline = performance.now() + (options.planMs ?? ctx.jobs.batchPlanMs);
    const changes: BatchChange[] = [];
    const planned: number[] = [];
    const failed: { job: JobRow; instance: InstanceRow; error: unknown }[] = [];
    const others: ClaimedJob[] = [];
    const seen = new Set<string>();
    let left = 0;
    for (const claimed of due) {
      const { job, instance } = claimed;
      if (!instance || !PLANNED_KINDS.has(job.kind)) {
        others.push(claimed);
        continue;
      }
      // Left for the next batch (its row lock goes with this one's commit).
      if (seen.has(instance.id) || performance.now() > deadline) {
        left++;
        continue;
      }
      seen.add(instance.id);
      try {
        const plan = await planJob(tx, ctx, job, instance, now);
        if (plan.children.length > 0) others.push(claimed);
        else {
          changes.push({ row: instance, plan });
          planned.push(job.id);
        }
      } catch (error) {
        failed.push({ job, instance, error });
      }
    }
    const written = planned.length > 0 ? await writeBatch(unit, changes, planned) : null;
    for (const { job, instance, error } of failed)
      await recordFailure(tx, ctx, job, error, unit.log, async () => instance);
    const touched = new Set(changes.map(({ row }) => row.id));
    await markDone(tx, ctx, await runHandlers(tx, ctx, others, unit.log, touched));
    const jobsAdded = Boolean(written?.jobsAdded) || unit.log.jobsAdded;
    await unit.log.flush(tx);
    return {
      ran: planned.length + failed.length + others.length,
      more: due.length >= options.limit || left > 0 || jobsAdded,
    };
  });
}

/**
 * Runs one batch of due jobs. Should the batch's write fail (a constraint, a
 * driver error), the batch is rolled back and run again the careful way, each
 * job alone in a savepoint.
 */
export async function runJobBatch(
  ctx: EngineContext,
  limit: number,
  options: Omit<BatchOptions, "limit"> = {},
): Promise<BatchRun> {
  try {
    return await runPlanned(ctx, { ...options, limit });
  } catch (error) {
    if (isConnectionLoss(error)) throw error;
    ctx.logger.warn({ err: errorMessage(error) }, "batch write failed; running it job by job");
    return runCarefully(ctx, limit);
  }
}

/**
 * Jobs per batch by default, for the worker and `runDueJobs`: on the 2-core
 * bench machine, 200 timers a batch fired as fast as larger batches, and their
 * locks are held for tens of milliseconds (test/bench/RESULTS.md).
 */
export const DEFAULT_BATCH_SIZE = 200;

/** Runs batches until nothing is due at the clock's now (jobs a run makes due included). */
export async function runDueJobs(
  ctx: EngineContext,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  // A bound, so that two instances messaging each other for ever cannot hang the caller.
  for (let round = 0; round < 10_000; round++) {
    const { ran, more } = await runJobBatch(ctx, batchSize);
    total += ran;
    if (!more) break;
  }
  return total;
}
