/**
 * The simulator's 会签/或签: one vote of a sub-task added to its state's votes and
 * judged with the engine's own rule (runtime/cast-vote.ts), so the simulator decides
 * as the server does.
 */
import type { CompiledDefinition } from "../../../engine/definition/compile.js";
import { evaluateFeel, feelScope, type EventMeta } from "../../../engine/definition/feel.js";
import { decideVotes } from "../../../engine/runtime/cast-vote.js";
import type { TaskMember, Vote } from "../../../engine/types.js";

export function simulateVote(input: {
  compiled: CompiledDefinition;
  state: string;
  members: TaskMember[];
  votes: Vote[];
  vars: Record<string, unknown>;
  vote: { outcome: string; data: Record<string, unknown> };
  member: TaskMember;
  meta: EventMeta;
}): { votes: Vote[]; decided: string | null } {
  const { vote, meta } = input;
  const votes: Vote[] = [
    ...input.votes,
    { ...vote, by: meta.actor.id, at: meta.now, ...input.member },
  ];
  const task = input.compiled.states.get(input.state)?.node.task;
  if (!task) return { votes, decided: null };
  const decided = decideVotes(task, votes, input.members.length, (rule) =>
    evaluateFeel(
      rule,
      feelScope({ vars: input.vars, event: { type: vote.outcome, data: vote.data }, meta, votes }),
    ),
  );
  return { votes, decided };
}

/** Whether the member has voted in `votes`. */
export function hasVoted(votes: Vote[], member: TaskMember): boolean {
  return votes.some((v) => ("group" in member ? v.group === member.group : v.user === member.user));
}
