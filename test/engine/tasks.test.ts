/** The inbox query and the task actions: who sees what, claim, unclaim, delegate, complete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../engine/index.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const reviewer = { id: "rita", groups: ["reviewers", "north"] };
const other = { id: "oscar", groups: ["reviewers"] };
const outsider = { id: "olga", groups: ["sales"] };

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine({ start: "2026-03-02T09:00:00+08:00" });
  await t.engine.definitions.publish({
    key: "essay-review",
    name: "Essay review",
    initial: "review",
    states: {
      review: {
        task: {
          name: "Review the essay",
          candidateGroups: ["reviewers", { expr: "vars.region" }],
          due: { expr: "vars.due" },
          priority: 70,
          form: {
            type: "object",
            required: ["score"],
            properties: { score: { type: "integer", minimum: 0, maximum: 10 } },
          },
          outcomes: [{ event: "SCORED", label: "Scored" }],
        },
        on: { SCORED: { target: "done" } },
      },
      done: { type: "final" },
    },
  });
  await t.engine.definitions.publish({
    key: "named-review",
    name: "Review assigned to one person",
    initial: "review",
    states: {
      review: {
        task: {
          name: "Review",
          candidateGroups: ["reviewers"],
          assignee: { expr: "vars.owner" },
          outcomes: [{ event: "OK", label: "OK" }],
        },
        on: { OK: "done" },
      },
      done: { type: "final" },
    },
  });
});
afterAll(() => t.close());

async function essay(due: string, region = "south") {
  const instance = await t.engine.instances.start("essay-review", { due, region });
  const [task] = (await t.engine.tasks.list({ instanceId: instance.id })).items;
  return task!;
}

describe("the inbox", () => {
  it("lists a user's group tasks by due date, overdue ones first, and pages with a cursor", async () => {
    const late = await essay("2026-03-01T00:00:00+08:00");
    const soon = await essay("2026-03-03T00:00:00+08:00");
    const later = await essay("2026-03-10T00:00:00+08:00");
    const north = await essay("2026-03-05T00:00:00+08:00", "north");

    const all = await t.engine.tasks.list({ user: reviewer });
    expect(all.items.map((x) => x.id)).toEqual([late.id, soon.id, north.id, later.id]);
    expect((await t.engine.tasks.list({ user: outsider })).items).toEqual([]);

    const first = await t.engine.tasks.list({ user: reviewer, limit: 3 });
    expect(first.items.map((x) => x.id)).toEqual([late.id, soon.id, north.id]);
    const second = await t.engine.tasks.list({
      user: reviewer,
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((x) => x.id)).toEqual([later.id]);
    expect(second.nextCursor).toBeNull();

    expect(
      (await t.engine.tasks.list({ user: reviewer, overdue: true })).items.map((x) => x.id),
    ).toEqual([late.id]);
    expect(
      (await t.engine.tasks.list({ user: { id: "nora", groups: ["north"] } })).items.map(
        (x) => x.id,
      ),
    ).toEqual([north.id]);
    expect(north.priority).toBe(70);
    expect(north.form).toMatchObject({ required: ["score"] });
  });

  it("hides a task claimed by someone else, and shows it to its assignee", async () => {
    const task = await essay("2026-04-01T00:00:00+08:00");
    const claimed = await t.engine.tasks.claim(task.id, other);
    expect(claimed).toMatchObject({ status: "claimed", assignee: "oscar" });
    expect((await t.engine.tasks.list({ user: reviewer })).items.map((x) => x.id)).not.toContain(
      task.id,
    );
    expect((await t.engine.tasks.list({ user: other })).items.map((x) => x.id)).toContain(task.id);
    await expect(t.engine.tasks.claim(task.id, reviewer)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      t.engine.tasks.complete(task.id, { outcome: "SCORED", data: { score: 5 } }, reviewer),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(t.engine.tasks.unclaim(task.id, reviewer)).rejects.toBeInstanceOf(ForbiddenError);
    const released = await t.engine.tasks.unclaim(task.id, other);
    expect(released).toMatchObject({ status: "open", assignee: null });
    expect((await t.engine.tasks.list({ user: reviewer })).items.map((x) => x.id)).toContain(
      task.id,
    );
  });

  it("refuses actions by someone outside the candidate groups", async () => {
    const task = await essay("2026-04-02T00:00:00+08:00");
    await expect(t.engine.tasks.claim(task.id, outsider)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      t.engine.tasks.complete(task.id, { outcome: "SCORED", data: { score: 1 } }, outsider),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.engine.tasks.delegate(task.id, "olga", outsider)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("delegates a task to a user outside the groups, who may then complete it", async () => {
    const task = await essay("2026-04-03T00:00:00+08:00");
    const delegated = await t.engine.tasks.delegate(task.id, "olga", reviewer);
    expect(delegated).toMatchObject({ assignee: "olga", status: "claimed" });
    expect((await t.engine.tasks.list({ user: outsider })).items.map((x) => x.id)).toEqual([
      task.id,
    ]);
    const { task: done, instance } = await t.engine.tasks.complete(
      task.id,
      { outcome: "SCORED", data: { score: 9 } },
      outsider,
    );
    expect(done).toMatchObject({
      status: "completed",
      completedBy: "olga",
      outcome: "SCORED",
      data: { score: 9 },
    });
    expect(instance).toMatchObject({ status: "completed", vars: { score: 9 } });
    expect(instance.participants).toEqual(expect.arrayContaining(["olga"]));
    await expect(
      t.engine.tasks.complete(task.id, { outcome: "SCORED", data: { score: 9 } }, outsider),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("checks the outcome and every field of the form", async () => {
    const task = await essay("2026-04-04T00:00:00+08:00");
    const badOutcome = await t.engine.tasks
      .complete(task.id, { outcome: "NOPE" }, reviewer)
      .catch((e: unknown) => e);
    expect(badOutcome).toBeInstanceOf(ValidationError);
    expect((badOutcome as ValidationError).problems).toEqual([
      { path: "outcome", message: "must be one of SCORED" },
    ]);
    const badData = await t.engine.tasks
      .complete(task.id, { outcome: "SCORED", data: { score: 11 } }, reviewer)
      .catch((e: unknown) => e);
    expect((badData as ValidationError).problems).toEqual([
      expect.objectContaining({ path: "score" }),
    ]);
    expect((await t.engine.tasks.get(task.id)).status).toBe("open");
  });

  it("completes once per idempotency key", async () => {
    const task = await essay("2026-04-05T00:00:00+08:00");
    const first = await t.engine.tasks.complete(
      task.id,
      { outcome: "SCORED", data: { score: 3 } },
      reviewer,
      { idempotencyKey: "once" },
    );
    const again = await t.engine.tasks.complete(
      task.id,
      { outcome: "SCORED", data: { score: 3 } },
      reviewer,
      { idempotencyKey: "once" },
    );
    expect(again).toEqual(first);
  });

  it("gives a pre-assigned task to its assignee only", async () => {
    const instance = await t.engine.instances.start("named-review", { owner: "rita" });
    const [task] = (await t.engine.tasks.list({ instanceId: instance.id })).items;
    expect(task).toMatchObject({ assignee: "rita", status: "open" });
    expect((await t.engine.tasks.list({ user: other, processKey: "named-review" })).items).toEqual(
      [],
    );
    expect(
      (await t.engine.tasks.list({ user: reviewer, processKey: "named-review" })).items.map(
        (x) => x.id,
      ),
    ).toEqual([task!.id]);
    await expect(
      t.engine.tasks.complete(task!.id, { outcome: "OK" }, other),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await t.engine.instances.get(instance.id)).participants).toEqual(["rita"]);
  });

  it("answers NOT_FOUND for ids that do not exist or are not ids at all", async () => {
    await expect(t.engine.tasks.get("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(t.engine.tasks.claim("'; drop table tasks; --", reviewer)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(t.engine.instances.get("x")).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.engine.tasks.list({ instanceId: "not-a-uuid" })).items).toEqual([]);
  });
});
