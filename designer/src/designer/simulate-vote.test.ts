import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../engine/calendar/working-calendar.js";
import { compileDefinition } from "../../../engine/definition/compile.js";
import { definitionSchema } from "../../../engine/definition/schema.js";
import { simulateVote } from "./simulate-vote.js";

const compiled = compileDefinition(
  definitionSchema.parse({
    key: "two-of-three",
    name: "Two of three",
    initial: "review",
    states: {
      review: {
        task: {
          name: "Review",
          each: { users: ["ann", "bob", "cat"] },
          complete: 'count(votes[outcome = "APPROVE"]) >= 2',
          outcomes: [
            { event: "APPROVE", label: "Approve" },
            { event: "REJECT", label: "Reject" },
          ],
        },
        on: { APPROVE: "done", REJECT: "done" },
      },
      done: { type: "final" },
    },
  }),
);
const meta = {
  now: "2026-03-02T01:00:00.000Z",
  actor: { id: "simulator", groups: [] },
  instance: { id: "simulation", businessKey: null },
  calendar: createWorkingCalendar({ days: [], completeYears: [] }),
};
const members = [{ user: "ann" }, { user: "bob" }, { user: "cat" }];

describe("the simulator's 会签/或签", () => {
  it("waits for the second approval, as the server does", () => {
    const common = { compiled, state: "review", members, vars: {}, meta };
    const first = simulateVote({
      ...common,
      votes: [],
      member: { user: "ann" },
      vote: { outcome: "APPROVE", data: {} },
    });
    expect(first.decided).toBeNull();
    const rejected = simulateVote({
      ...common,
      votes: first.votes,
      member: { user: "bob" },
      vote: { outcome: "REJECT", data: {} },
    });
    expect(rejected.decided).toBeNull();
    const last = simulateVote({
      ...common,
      votes: rejected.votes,
      member: { user: "cat" },
      vote: { outcome: "APPROVE", data: {} },
    });
    expect(last.decided).toBe("APPROVE");
    expect(last.votes.map((v) => [v.user, v.outcome])).toEqual([
      ["ann", "APPROVE"],
      ["bob", "REJECT"],
      ["cat", "APPROVE"],
    ]);
  });

  it("decides REJECT when every sub-task voted and the condition never held", () => {
    const common = { compiled, state: "review", members, vars: {}, meta };
    let votes = simulateVote({
      ...common,
      votes: [],
      member: { user: "ann" },
      vote: { outcome: "REJECT", data: {} },
    }).votes;
    votes = simulateVote({
      ...common,
      votes,
      member: { user: "bob" },
      vote: { outcome: "REJECT", data: {} },
    }).votes;
    const last = simulateVote({
      ...common,
      votes,
      member: { user: "cat" },
      vote: { outcome: "APPROVE", data: {} },
    });
    expect(last.decided).toBe("REJECT");
  });
});
