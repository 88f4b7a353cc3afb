/**
 * The embedding API's read methods that the HTTP API uses instead of the engine's tables:
 * counts by state for one caller, the backlog for `/metrics`, the database ping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

let t: TestEngine;
const leave = {
  key: "leave-request",
  name: "请假",
  initial: "review",
  visibility: [{ expr: '"team-" + vars.team' }],
  states: {
    review: {
      task: {
        name: "审批",
        candidateGroups: ["managers"],
        outcomes: [{ event: "APPROVE", label: "同意" }],
      },
      after: [{ delay: "PT1H", target: "escalated" }],
      on: { APPROVE: "approved" },
    },
    escalated: { on: { APPROVE: "approved" } },
    approved: { type: "final" },
  },
};

beforeAll(async () => {
  t = await openTestEngine();
  await t.engine.definitions.publish(leave);
  const first = await t.engine.instances.start("leave-request", { team: "a" });
  await t.engine.instances.start("leave-request", { team: "a" });
  await t.engine.instances.start("leave-request", { team: "b" });
  await t.engine.instances.send(first.id, { type: "APPROVE" });
});
afterAll(async () => t?.close());

describe("engine read methods", () => {
  it("instances.count: by current state, all or as one caller sees them", async () => {
    const all = await t.engine.instances.count("leave-request");
    expect(
      all.map(({ key, total, running, completed }) => ({ key, total, running, completed })),
    ).toEqual([
      { key: "approved", total: 1, running: 0, completed: 1 },
      { key: "review", total: 2, running: 2, completed: 0 },
    ]);
    const teamB = await t.engine.instances.count("leave-request", {
      visibleTo: { id: "li", groups: ["team-b"] },
    });
    expect(teamB.map(({ key, total }) => ({ key, total }))).toEqual([{ key: "review", total: 1 }]);
    expect(
      await t.engine.instances.count("leave-request", { visibleTo: { id: "x", groups: [] } }),
    ).toEqual([]);
  });

  it("maintenance.workload: open tasks, and timers once they are due", async () => {
    expect(await t.engine.maintenance.workload()).toEqual({
      openTasks: 2,
      dueJobs: 0,
      failedJobs: 0,
      retryingJobs: 0,
    });
    t.clock.advance("PT1H");
    expect((await t.engine.maintenance.workload()).dueJobs).toBe(2);
    await t.engine.runDueJobs();
    expect(await t.engine.maintenance.workload()).toMatchObject({ openTasks: 0, dueJobs: 0 });
  });

  it("maintenance.ping answers while the database does", async () => {
    await expect(t.engine.maintenance.ping()).resolves.toBeUndefined();
  });
});
