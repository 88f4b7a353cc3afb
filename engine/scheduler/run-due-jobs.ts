/**
 * Runs due jobs in batches. Each batch is one transaction; each job runs in a
 * savepoint, so a failing job rolls back alone and is retried with back-off,
 * and after its last attempt marks its instance with an incident.
 *
 * Savepoints cost two statements per job, and jobs rarely fail: a batch of
 * jobs that only write to this database (timers, messages) is first run
 * without them. If one of its jobs fails, the whole batch is rolled back and
 * run again the careful way, so failures end exactly as described above.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { ChangeLog, recordChange } from "../service/apply-step.js";
import { unitOfWork, type EngineContext } from "../service/context.js";
import type { InstanceRow } from "../service/rows.js";
import type { Db } from "../store/database.js";
import { instances, jobs } from "../store/schema.js";
import type { Incident } from "../types.js";
import { claimDueFreeJobs, claimDueJobs, type JobRow } from "./claim-due-jobs.js";
import { jobHandlers } from "./handlers.js";
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

/** Kinds whose handlers only write to this database, so that running a rolled-back batch again repeats nothing outside it. */
const REPEATABLE_KINDS = new Set(["timer", "message"]);

/** A job failed in a batch run without savepoints: the batch must be run again with them. */
class SavepointsNeeded extends Error {}

async function runBatch(ctx: EngineContext, limit: number, savepoints: boolean): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const log = new ChangeLog();
    const due = await claimDueJobs(tx, now, limit);
    // Jobs of no instance go after the instances' (a backlog of timers comes first).
    if (due.length < limit) due.push(...(await claimDueFreeJobs(tx, now, limit - due.length)));
    const isolate = savepoints || due.some(({ job }) => !REPEATABLE_KINDS.has(job.kind));
    const done: number[] = [];
    // Instances a job of this batch has run on: their claimed row may be stale.
    const touched = new Set<string>();
    for (const { job, instance } of due) {
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
        if (isolate)
          await tx.transaction(async (savepoint) =>
            handler(savepoint as unknown as Db, ctx, job, jobLog, instanceOf),
          );
        else await handler(tx, ctx, job, jobLog, instanceOf);
        done.push(job.id);
        log.events.push(...jobLog.events);
        log.jobsAdded ||= jobLog.jobsAdded;
      } catch (error) {
        if (!isolate) throw new SavepointsNeeded("a job failed", { cause: error });
        await recordFailure(tx, ctx, job, error, log, instanceOf);
      }
      if (instance) touched.add(instance.id);
    }
    // One statement for the batch; a later job cancelling an earlier one's timer row is overwritten here, as before.
    await Promise.all([
      done.length > 0
        ? tx
            .update(jobs)
            .set({
              status: "done",
              attempts: sql`${jobs.attempts} + 1`,
              finishedAt: ctx.clock.now(),
            })
            .where(inArray(jobs.id, done))
        : undefined,
      log.flush(tx),
    ]);
    return due.length;
  });
}

/** Runs one batch of due jobs; returns how many it took. */
export async function runJobBatch(ctx: EngineContext, limit: number): Promise<number> {
  try {
    return await runBatch(ctx, limit, false);
  } catch (error) {
    if (!(error instanceof SavepointsNeeded)) throw error;
    return runBatch(ctx, limit, true);
  }
}

/** Runs batches until nothing is due at the clock's now (jobs a run makes due included). */
export async function runDueJobs(ctx: EngineContext, batchSize = 50): Promise<number> {
  let total = 0;
  // A bound, so that two instances messaging each other for ever cannot hang the caller.
  for (let round = 0; round < 10_000; round++) {
    const ran = await runJobBatch(ctx, batchSize);
    total += ran;
    if (ran === 0) break;
  }
  return total;
}
