/**
 * Takes due jobs together with their instances' row locks, skipping any job or
 * instance another transaction holds: a worker never waits for an instance
 * lock while holding job locks, so workers and API calls cannot deadlock.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import type { jobs } from "../store/schema.js";

export type JobRow = typeof jobs.$inferSelect;

interface RawJob {
  id: string | number;
  kind: string;
  instance_id: string | null;
  state_key: string | null;
  payload: unknown;
  due_at: string | Date;
  status: JobRow["status"];
  attempts: number;
  last_error: string | null;
  created_at: string | Date;
  finished_at: string | Date | null;
}

function rowsOf(result: unknown): RawJob[] {
  return (
    Array.isArray(result) ? result : ((result as { rows?: RawJob[] }).rows ?? [])
  ) as RawJob[];
}

export async function claimDueJobs(tx: Db, now: Date, limit: number): Promise<JobRow[]> {
  const result = await tx.execute(sql`
    select j.* from jobs j join instances i on i.id = j.instance_id
    where j.status = 'pending' and j.due_at <= ${now.toISOString()}::timestamptz
    order by j.due_at, j.id
    limit ${limit}
    for update of j, i skip locked`);
  return rowsOf(result).map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    instanceId: r.instance_id,
    stateKey: r.state_key,
    payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as unknown) : r.payload,
    dueAt: new Date(r.due_at),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  }));
}
