/**
 * 会签/或签, the pure half: a sub-task's vote added to its state's round, and
 * whether the votes decide the state's event now. A round lives in the
 * instance's snapshot (opened when the state is entered, dropped when it is
 * left; runtime/plan-change.ts), so a vote reads nothing the locked instance
 * row does not hold, and two votes at once are serialized by its row lock.
 *
 * `complete` rules:
 * - `all` (会签): every sub-task chose the task's first outcome → that outcome;
 *   a vote for any other outcome decides at once (一票否决).
 * - `any` (或签): the first vote decides.
 * - FEEL over `votes` (with `vars`, `event` = the latest vote): `true` → the
 *   latest vote's outcome; an outcome's event name → that outcome; otherwise not
 *   yet. Once every sub-task has voted without a decision, the latest vote for
 *   another outcome than the first decides (or the first outcome, when all chose it).
 *
 * @example
 * ```ts
 * const cast = castVote(compiled, snapshot, vars, { taskId, stateKey }, vote, meta);
 * if (cast?.decided) send({ type: cast.decided, data: { ...vote.data, votes: cast.votes } });
 * ```
 */
import type { CompiledDefinition } from "../definition/compile.js";
import { evaluateFeel, feelScope, type EventMeta } from "../definition/feel.js";
import type { Task } from "../definition/schema.js";
import { ExpressionError } from "../errors.js";
import type { TaskId } from "../ids.js";
import type { Ballot, TaskMember, Vote } from "../types.js";
import type { PersistedSnapshot } from "./step.js";

/**
 * A state's open 会签/或签: its sub-tasks in the order opened (a list: jsonb keeps
 * no key order) and the votes so far.
 */
export interface VoteRound {
  tasks: { taskId: string; member: TaskMember }[];
  votes: Vote[];
}

export interface CastVote {
  /** The snapshot with the vote added to its round. */
  snapshot: PersistedSnapshot;
  /** Every vote of the round, this one last. */
  votes: Vote[];
  /** The state's event, when the votes decide it now. */
  decided: string | null;
}

/** Every sub-task of the snapshot's open rounds, with its vote once cast. */
export function ballotsOf(snapshot: PersistedSnapshot | null): Ballot[] {
  return Object.entries(snapshot?.rounds ?? {}).flatMap(([state, round]) =>
    round.tasks.map(({ taskId, member }): Ballot => {
      // Members are unique within a round.
      const vote = round.votes.find((v) =>
        "group" in member ? v.group === member.group : v.user === member.user,
      );
      return {
        state,
        taskId: taskId as TaskId,
        group: "group" in member ? member.group : null,
        user: "user" in member ? member.user : null,
        outcome: vote?.outcome ?? null,
        by: vote?.by ?? null,
        at: vote?.at ?? null,
      };
    }),
  );
}

/** Adds the vote (`outcome`, `data`, `by`, `at`) of sub-task `taskId`; null when it is no sub-task. */
export function castVote(
  compiled: CompiledDefinition,
  snapshot: PersistedSnapshot,
  sub: { taskId: string; stateKey: string },
  vote: Omit<Vote, "group" | "user">,
  meta: EventMeta,
): CastVote | null {
  const round = snapshot.rounds?.[sub.stateKey];
  const member = round?.tasks.find((t) => t.taskId === sub.taskId)?.member;
  const task = compiled.states.get(sub.stateKey)?.node.task;
  if (!round || !member || !task) return null;
  const votes = [...round.votes, { ...vote, ...member }];
  const rounds = { ...snapshot.rounds, [sub.stateKey]: { ...round, votes } };
  const decided = decideVotes(task, votes, round.tasks.length, (rule) =>
    evaluateFeel(
      rule,
      feelScope({
        vars: snapshot.context.vars,
        event: { type: vote.outcome, data: vote.data },
        meta,
        votes,
      }),
    ),
  );
  return { snapshot: { ...snapshot, rounds }, votes, decided };
}

/** The event the votes decide, or null while they do not (see the module's rules). */
export function decideVotes(
  task: Pick<Task, "complete" | "outcomes">,
  votes: Vote[],
  memberCount: number,
  evaluate: (condition: string) => unknown,
): string | null {
  const latest = votes[votes.length - 1];
  if (!latest) return null;
  const rule = task.complete ?? "all";
  const first = task.outcomes[0]?.event ?? latest.outcome;
  const everyone = votes.length >= memberCount;
  if (rule === "any") return latest.outcome;
  if (rule === "all") {
    if (latest.outcome !== first) return latest.outcome;
    return everyone ? first : null;
  }
  const value = evaluate(rule);
  if (value === true) return latest.outcome;
  if (typeof value === "string") {
    if (task.outcomes.some((outcome) => outcome.event === value)) return value;
    throw new ExpressionError(rule, `gave "${value}", which is not one of the task's outcomes`);
  }
  if (!everyone) return null;
  const dissent = votes.findLast((v) => v.outcome !== first);
  return dissent?.outcome ?? first;
}
