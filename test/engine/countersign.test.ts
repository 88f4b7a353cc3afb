/**
 * 会签/或签: a task with `each` opens one sub-task per group or user; `complete`
 * says when their votes decide the state's event, which carries every vote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, ForbiddenError, validateDefinition } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import type { EngineEvent, Task } from "../../engine/types.js";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const safety = { id: "sun", groups: ["safety-office"] };
const sector = { id: "sha", groups: ["sector-dept"] };
const author = { id: "ada", groups: ["authors"] };
const ann = { id: "ann", groups: [] };
const bob = { id: "bob", groups: [] };
const cat = { id: "cat", groups: [] };

/** A plan drafted by authors, then reviewed jointly; approval ends it, rejection sends it back. */
function jointReview(key: string, review: Record<string, unknown>) {
  return {
    key,
    name: "Joint review",
    initial: "review",
    states: {
      draft: {
        task: {
          name: "Revise the plan",
          candidateGroups: ["authors"],
          outcomes: [{ event: "SUBMIT", label: "Submit" }],
        },
        on: { SUBMIT: "review" },
      },
      review: {
        task: {
          name: "Review the plan",
          form: { type: "object", properties: { reason: { type: "string" } } },
          outcomes: [
            { event: "APPROVE", label: "Approve" },
            { event: "REJECT", label: "Reject" },
          ],
          ...review,
        },
        on: {
          APPROVE: "approved",
          REJECT: { target: "draft", guard: "string length(event.data.reason) > 0" },
        },
      },
      approved: { type: "final" },
    },
  };
}

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine({ start: "2026-03-02T09:00:00+08:00", poolSize: 4 });
  await t.engine.definitions.publish(
    jointReview("countersign", {
      each: { groups: ["safety-office", "sector-dept"] },
      complete: "all",
      due: "P5D",
    }),
  );
  await t.engine.definitions.publish(
    jointReview("either-sign", { each: { users: ["ann", "bob"] }, complete: "any" }),
  );
  await t.engine.definitions.publish(
    jointReview("two-of-three", {
      each: { expr: "for name in vars.reviewers return {user: name}" },
      complete: 'count(votes[outcome = "REJECT"]) >= 1 or count(votes[outcome = "APPROVE"]) >= 2',
    }),
  );
});
afterAll(() => t.close());

async function openTasks(instanceId: string): Promise<Task[]> {
  const { items } = await t.engine.tasks.list({ instanceId });
  const key = (task: Task) => `${task.candidateGroups.join()}/${task.assignee ?? ""}`;
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

function taskFor(tasks: Task[], who: string): Task {
  const task = tasks.find((x) => x.candidateGroups.includes(who) || x.assignee === who);
  if (!task) throw new Error(`no open task for ${who}`);
  return task;
}

describe("会签 (complete: all)", () => {
  it("opens one sub-task per group, each with its own group and due date", async () => {
    const { id } = await t.engine.instances.start("countersign", {});
    const tasks = await openTasks(id);
    expect(tasks.map((x) => x.candidateGroups)).toEqual([["safety-office"], ["sector-dept"]]);
    expect(tasks.every((x) => x.name === "Review the plan" && x.stateKey === "review")).toBe(true);
    expect(tasks.map((x) => x.dueAt?.toISOString())).toEqual([
      "2026-03-07T01:00:00.000Z",
      "2026-03-07T01:00:00.000Z",
    ]);
  });

  it("both approve: the first vote waits, the second moves on with both votes", async () => {
    const { id } = await t.engine.instances.start("countersign", {});
    const tasks = await openTasks(id);
    const first = await t.engine.tasks.complete(
      taskFor(tasks, "safety-office").id,
      { outcome: "APPROVE", data: { reason: "措施可行" } },
      safety,
    );
    expect(first.instance.activeStates).toEqual(["review"]);
    expect((await openTasks(id)).map((x) => x.candidateGroups)).toEqual([["sector-dept"]]);

    t.clock.advance("PT1H");
    const second = await t.engine.tasks.complete(
      taskFor(tasks, "sector-dept").id,
      { outcome: "APPROVE" },
      sector,
    );
    expect(second.instance.status).toBe("completed");
    expect(second.instance.activeStates).toEqual(["approved"]);
    const history = await t.engine.instances.history(id);
    expect(history.map((h) => [h.kind, h.event])).toEqual([
      ["start", null],
      ["vote", "APPROVE"],
      ["event", "APPROVE"],
    ]);
    expect(history[2]!.data?.votes).toEqual([
      {
        outcome: "APPROVE",
        data: { reason: "措施可行" },
        by: "sun",
        at: "2026-03-02T01:00:00.000Z",
        group: "safety-office",
      },
      {
        outcome: "APPROVE",
        data: {},
        by: "sha",
        at: "2026-03-02T02:00:00.000Z",
        group: "sector-dept",
      },
    ]);
  });

  it("one rejects: back to the draft at once, the other sub-task cancelled; a new round starts afresh", async () => {
    const { id } = await t.engine.instances.start("countersign", {});
    const tasks = await openTasks(id);
    const rejected = await t.engine.tasks.complete(
      taskFor(tasks, "sector-dept").id,
      { outcome: "REJECT", data: { reason: "资金不落实" } },
      sector,
    );
    expect(rejected.instance.activeStates).toEqual(["draft"]);
    expect((await t.engine.tasks.get(taskFor(tasks, "safety-office").id)).status).toBe("cancelled");
    expect(rejected.instance.vars.votes).toMatchObject([{ outcome: "REJECT", by: "sha" }]);

    const [revise] = await openTasks(id);
    await t.engine.tasks.complete(revise!.id, { outcome: "SUBMIT" }, author);
    const again = await openTasks(id);
    expect(again).toHaveLength(2);
    // The earlier round's votes do not count: one approval is not both.
    const one = await t.engine.tasks.complete(
      taskFor(again, "safety-office").id,
      { outcome: "APPROVE" },
      safety,
    );
    expect(one.instance.activeStates).toEqual(["review"]);
  });

  it("a rejection the guard refuses changes nothing", async () => {
    const { id } = await t.engine.instances.start("countersign", {});
    const tasks = await openTasks(id);
    await expect(
      t.engine.tasks.complete(taskFor(tasks, "sector-dept").id, { outcome: "REJECT" }, sector),
    ).rejects.toMatchObject({ code: "GUARD_REJECTED" });
    expect(await openTasks(id)).toHaveLength(2);
    expect((await t.engine.instances.get(id)).revision).toBe(0);
  });

  it("one person in both groups votes once", async () => {
    const both = { id: "bo", groups: ["safety-office", "sector-dept"] };
    const { id } = await t.engine.instances.start("countersign", {});
    const tasks = await openTasks(id);
    await t.engine.tasks.complete(taskFor(tasks, "safety-office").id, { outcome: "APPROVE" }, both);
    await expect(
      t.engine.tasks.complete(taskFor(tasks, "sector-dept").id, { outcome: "APPROVE" }, both),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await t.engine.instances.get(id)).activeStates).toEqual(["review"]);
  });
});

describe("或签 (complete: any)", () => {
  it("the first approval wins and the other sub-task is cancelled", async () => {
    const { id } = await t.engine.instances.start("either-sign", {});
    const tasks = await openTasks(id);
    expect(tasks.map((x) => [x.assignee, x.candidateGroups])).toEqual([
      ["ann", []],
      ["bob", []],
    ]);
    const done = await t.engine.tasks.complete(
      taskFor(tasks, "bob").id,
      { outcome: "APPROVE" },
      bob,
    );
    expect(done.instance.activeStates).toEqual(["approved"]);
    expect((await t.engine.tasks.get(taskFor(tasks, "ann").id)).status).toBe("cancelled");
    expect(done.instance.vars.votes).toMatchObject([
      { outcome: "APPROVE", by: "bob", user: "bob" },
    ]);
    await expect(
      t.engine.tasks.complete(taskFor(tasks, "ann").id, { outcome: "APPROVE" }, ann),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("the completion that cancels the other sub-task writes both and announces both", async () => {
    const { id } = await t.engine.instances.start("either-sign", {});
    const tasks = await openTasks(id);
    const seen: EngineEvent[] = [];
    const unsubscribe = await t.engine.subscribe((event) => void seen.push(event));
    await t.engine.tasks.complete(
      taskFor(tasks, "ann").id,
      { outcome: "APPROVE", data: { reason: "同意" } },
      ann,
    );
    // Through LISTEN on PostgreSQL: they arrive after the completion returns.
    const types = () => new Set(seen.map((e) => e.type));
    await expect
      .poll(() => types().has("task.completed") && types().has("task.cancelled"))
      .toBe(true);
    await unsubscribe();
    expect(await t.engine.tasks.get(taskFor(tasks, "ann").id)).toMatchObject({
      status: "completed",
      outcome: "APPROVE",
      completedBy: "ann",
      assignee: "ann",
      data: { reason: "同意" },
    });
    const cancelled = await t.engine.tasks.get(taskFor(tasks, "bob").id);
    expect(cancelled).toMatchObject({
      status: "cancelled",
      outcome: null,
      completedBy: null,
      assignee: "bob",
      data: null,
    });
    expect(cancelled.endedAt).not.toBeNull();
    const about = (type: string) =>
      seen.filter((e) => e.type === type).map((e) => (e as { taskId: string }).taskId);
    expect(about("task.completed")).toEqual([taskFor(tasks, "ann").id]);
    expect(about("task.cancelled")).toEqual([taskFor(tasks, "bob").id]);
  });
});

describe("a FEEL condition over votes", () => {
  const reviewers = ["ann", "bob", "cat"];

  it("two of three approve: decided at the second approval, the third cancelled", async () => {
    const { id } = await t.engine.instances.start("two-of-three", { reviewers });
    const tasks = await openTasks(id);
    expect(tasks.map((x) => x.assignee)).toEqual(reviewers);
    await t.engine.tasks.complete(taskFor(tasks, "ann").id, { outcome: "APPROVE" }, ann);
    const done = await t.engine.tasks.complete(
      taskFor(tasks, "cat").id,
      { outcome: "APPROVE" },
      cat,
    );
    expect(done.instance.activeStates).toEqual(["approved"]);
    expect((await t.engine.tasks.get(taskFor(tasks, "bob").id)).status).toBe("cancelled");
  });

  it("a single rejection ends it early", async () => {
    const { id } = await t.engine.instances.start("two-of-three", { reviewers });
    const tasks = await openTasks(id);
    const done = await t.engine.tasks.complete(
      taskFor(tasks, "bob").id,
      { outcome: "REJECT", data: { reason: "不合格" } },
      bob,
    );
    expect(done.instance.activeStates).toEqual(["draft"]);
    expect(await openTasks(id)).toHaveLength(1);
  });

  it("twelve reviewers: every sub-task opened and every one cancelled is announced", async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `reviewer-${String(i).padStart(2, "0")}`);
    const seen: EngineEvent[] = [];
    const unsubscribe = await t.engine.subscribe((event) => void seen.push(event));
    const { id } = await t.engine.instances.start("two-of-three", { reviewers: twelve });
    const tasks = await openTasks(id);
    expect(tasks).toHaveLength(12);
    const about = (type: string) =>
      seen
        .filter((e) => e.type === type && (e as { instanceId: string }).instanceId === id)
        .map((e) => (e as { taskId: string }).taskId)
        .sort();
    const ids = (list: Task[]) => list.map((x) => x.id).sort();
    // Through LISTEN on PostgreSQL: they arrive after the start returns.
    await expect.poll(() => about("task.created").length).toBe(12);
    expect(about("task.created")).toEqual(ids(tasks));
    const [first, ...others] = tasks;
    const reviewer = { id: first!.assignee!, groups: [] };
    await t.engine.tasks.complete(
      first!.id,
      { outcome: "REJECT", data: { reason: "不合格" } },
      reviewer,
    );
    await expect.poll(() => about("task.cancelled").length).toBe(11);
    expect(about("task.cancelled")).toEqual(ids(others));
    expect(about("task.completed")).toEqual([first!.id]);
    // Back in the draft: its one task opened, announced with the rest.
    const [draft] = await openTasks(id);
    await expect.poll(() => about("task.created")).toContain(draft!.id);
    await unsubscribe();
  });
});

describe("validation", () => {
  it("names each misuse of each/complete in Chinese", () => {
    const bad = jointReview("bad-review", {
      candidateGroups: ["safety-office"],
      each: { groups: [] },
    });
    (bad.states.draft.task as Record<string, unknown>).complete = "any";
    const { problems } = validateDefinition(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "states.review.task.each.groups", message: "请至少列出一个组" },
        {
          path: "states.review.task.candidateGroups",
          message: expect.stringContaining("会签/或签任务的办理人由 each 决定"),
        },
        {
          path: "states.draft.task.complete",
          message: expect.stringContaining("complete 只能与 each 一起使用"),
        },
      ]),
    );
  });

  it("refuses a complete condition that does not parse", () => {
    const { problems } = validateDefinition(
      jointReview("bad-rule", { each: { groups: ["a"] }, complete: "count(votes[" }),
    );
    expect(problems.map((p) => p.path)).toContain("states.review.task.complete");
  });
});

// On PostgreSQL the votes come through two engines (two pools), as from two processes;
// PGlite has one connection, so there they share one engine.
describe("two votes at the same instant", () => {
  let second: Engine;
  beforeAll(async () => {
    second = onPostgres
      ? await createEngine({ database: t.database.url, clock: t.clock, poolSize: 4 })
      : t.engine;
  });
  afterAll(() => (second === t.engine ? undefined : second.close()));

  it("counts both and fires the outcome once", async () => {
    for (let round = 0; round < 10; round++) {
      const { id } = await t.engine.instances.start("countersign", {});
      const tasks = await openTasks(id);
      await Promise.all([
        t.engine.tasks.complete(taskFor(tasks, "safety-office").id, { outcome: "APPROVE" }, safety),
        second.tasks.complete(taskFor(tasks, "sector-dept").id, { outcome: "APPROVE" }, sector),
      ]);
      const instance = await t.engine.instances.get(id);
      expect(instance.activeStates).toEqual(["approved"]);
      const history = await t.engine.instances.history(id);
      expect(history.map((h) => h.kind)).toEqual(["start", "vote", "event"]);
      expect((history[2]!.data?.votes as unknown[]).length).toBe(2);
    }
  });
});
