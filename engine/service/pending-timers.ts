/**
 * The timers an instance is waiting for, each with the moment it fires, the state it
 * belongs to, where it leads and its label: what a case view says comes next when no
 * one has a task (“通报 · 11-23 00:00 自动进入”).
 *
 * @example
 * ```ts
 * const [next] = await pendingTimers(db, compiled, instance.id);
 * // { state: "afterLetter", target: "circular", label: "函告后仍未整改", dueAt: 2026-11-23T… }
 * ```
 */
import { and, asc, eq } from "drizzle-orm";
import type { CompiledDefinition } from "../definition/compile.js";
import type { Db } from "../store/database.js";
import { jobs } from "../store/schema.js";
import type { PendingTimer } from "../types.js";

export async function pendingTimers(
  db: Db,
  compiled: CompiledDefinition,
  instanceId: string,
): Promise<PendingTimer[]> {
  if (!compiled.uses.timers) return [];
  const rows = await db
    .select({ payload: jobs.payload, dueAt: jobs.dueAt })
    .from(jobs)
    .where(and(eq(jobs.instanceId, instanceId), eq(jobs.kind, "timer"), eq(jobs.status, "pending")))
    .orderBy(asc(jobs.dueAt), asc(jobs.id));
  return rows.flatMap(({ payload, dueAt }) => {
    const event = (payload as { event?: unknown }).event;
    const timer = typeof event === "string" ? compiled.timers.get(event) : undefined;
    if (!timer) return [];
    const entry = compiled.states.get(timer.state)?.node.after?.[timer.index];
    return [
      {
        state: timer.state,
        target: entry?.target ?? null,
        label: entry?.label ?? null,
        dueAt,
      },
    ];
  });
}
