/**
 * Operators' figures of the engine's backlog, for `/metrics` and health checks: open
 * tasks, jobs whose time has come, failed jobs and jobs waiting to retry.
 *
 * @example
 * ```ts
 * const { openTasks, dueJobs } = await engine.maintenance.workload();
 * ```
 */
import { sql } from "drizzle-orm";
import { jobs, tasks } from "../store/schema.js";
import type { EngineContext } from "./context.js";

export interface Workload {
  /** Tasks open or claimed. */
  openTasks: number;
  /** Pending jobs due at the engine clock's now. */
  dueJobs: number;
  /** Jobs that failed for good (incidents). */
  failedJobs: number;
  /** Pending jobs that failed before and wait to retry. */
  retryingJobs: number;
}

export async function readWorkload(ctx: Pick<EngineContext, "db" | "clock">): Promise<Workload> {
  const now = ctx.clock.now().toISOString();
  const [[open], [job]] = await Promise.all([
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .where(sql`${tasks.status} in ('open', 'claimed')`),
    ctx.db
      .select({
        due: sql<number>`(count(*) filter (where ${jobs.status} = 'pending' and ${jobs.dueAt} <= ${now}::timestamptz))::int`,
        failed: sql<number>`(count(*) filter (where ${jobs.status} = 'failed'))::int`,
        retrying: sql<number>`(count(*) filter (where ${jobs.status} = 'pending' and ${jobs.attempts} > 0))::int`,
      })
      .from(jobs),
  ]);
  return {
    openTasks: Number(open?.n ?? 0),
    dueJobs: Number(job?.due ?? 0),
    failedJobs: Number(job?.failed ?? 0),
    retryingJobs: Number(job?.retrying ?? 0),
  };
}

/** Answers once the database does (`select 1`); throws when it cannot be reached. */
export async function pingDatabase(ctx: Pick<EngineContext, "db">): Promise<void> {
  await ctx.db.execute(sql`select 1`);
}
