/**
 * A 会签/或签 sub-task's completion: its vote is added to the state's round
 * (runtime/cast-vote.ts). When the votes decide, the state's event is applied
 * with every vote in `event.data.votes` (the deciding vote's form data beside
 * them), and leaving the state cancels the remaining sub-tasks; until then the
 * vote is written alone (history kind `vote`), the instance staying where it is.
 * Either way one write, in the completion's transaction.
 *
 * @example
 * ```ts
 * const next = (await recordVote(unit, ctx, instance, completed, actor)) ??
 *   (await applyEvent(unit, ctx, instance, { type: outcome, data }, { actor, completedTask }));
 * ```
 */
import { ForbiddenError } from "../errors.js";
import { castVote } from "../runtime/cast-vote.js";
import type { PersistedSnapshot } from "../runtime/step.js";
import type { Actor } from "../types.js";
import { writeStep } from "./apply-step.js";
import type { EngineContext, UnitOfWork } from "./context.js";
import { applyEvent, metaFor, type RefusedEvent } from "./instances.js";
import type { InstanceRow, TaskRow } from "./rows.js";
import type { CompletedTask } from "./write-change.js";

/** Null when the task is not a sub-task of an open round (an ordinary task). */
export async function recordVote(
  unit: UnitOfWork,
  ctx: EngineContext,
  instance: InstanceRow,
  task: TaskRow,
  completed: CompletedTask,
  actor: Actor,
): Promise<InstanceRow | RefusedEvent | null> {
  const snapshot = instance.snapshot as PersistedSnapshot;
  const round = snapshot.rounds?.[task.stateKey];
  if (!round) return null;
  // Two sub-tasks (two departments) are two people's votes, never one person's two.
  if (round.votes.some((vote) => vote.by === actor.id))
    throw new ForbiddenError(`${actor.id} has already voted on ${task.stateKey}`);
  const compiled = await ctx.compiled(instance.processKey, instance.version, unit.tx);
  const meta = metaFor(ctx, actor, instance, compiled);
  const cast = castVote(
    compiled,
    snapshot,
    { taskId: task.id, stateKey: task.stateKey },
    { outcome: completed.outcome, data: completed.data, by: actor.id, at: meta.now },
    meta,
  );
  if (!cast) return null;
  const row: InstanceRow = { ...instance, snapshot: cast.snapshot };
  if (cast.decided) {
    const data = { ...completed.data, votes: cast.votes };
    return applyEvent(
      unit,
      ctx,
      row,
      { type: cast.decided, data },
      { actor, completedTask: completed },
    );
  }
  return writeStep(unit, {
    compiled,
    row,
    result: {
      snapshot: cast.snapshot,
      vars: instance.vars as Record<string, unknown>,
      activeStates: instance.activeStates,
      done: false,
      actions: [],
    },
    meta,
    actor,
    kind: "vote",
    event: { type: completed.outcome, data: completed.data },
    from: instance.activeStates,
    startChild: () => Promise.reject(new Error("a vote starts no process")),
    completedTask: completed,
  });
}
