/**
 * A whole process with nested and parallel states, guards, assignments, tasks on
 * atomic, compound and parallel states, and timers in calendar and working days
 * across China's National Day holiday, driven by a manual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EventNotAcceptedError,
  GuardRejectedError,
  ValidationError,
  ConflictError,
} from "../../engine/index.js";
import type { Instance, Task } from "../../engine/index.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { repairOrder } from "./fixtures.js";

const desk = { id: "dora", groups: ["desk"] };
const lead = { id: "lee", groups: ["lead"] };
const crew = { id: "cai", groups: ["crew-north"] };

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine({ start: "2024-09-27T10:00:00+08:00" });
  await t.engine.definitions.publish(repairOrder);
});
afterAll(() => t.close());

async function openTasks(instance: Instance): Promise<Task[]> {
  return (await t.engine.tasks.list({ instanceId: instance.id })).items;
}

describe("a repair order from intake to pick-up", () => {
  let order: Instance;

  it("refuses start variables that break the variables schema, naming each field", async () => {
    const error = await t.engine.instances
      .start("repair-order", { amount: -5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path).sort()).toEqual([
      "amount",
      "customer",
    ]);
  });

  it("starts with the root entry assignment applied and visibility resolved", async () => {
    order = await t.engine.instances.start(
      "repair-order",
      { customer: "Wu", amount: 1500, shop: "north" },
      { actor: desk, businessKey: "R-1" },
    );
    expect(order.status).toBe("running");
    expect(order.activeStates).toEqual(["intake"]);
    expect(order.vars.size).toBe("large");
    expect(order.revision).toBe(0);
    expect(order.visibleTo).toEqual(expect.arrayContaining(["desk", "shop-north"]));
  });

  it("opens the intake task due two working days later, skipping to the 调休 Sunday before National Day", async () => {
    const [task] = await openTasks(order);
    expect(task?.name).toBe("Check the order");
    expect(task?.candidateGroups).toEqual(["desk"]);
    // Fri 27 Sep → Sun 29 Sep (make-up working day) → Mon 30 Sep.
    expect(task?.dueAt?.toISOString()).toBe(new Date("2024-09-30T10:00:00+08:00").toISOString());
    expect(task?.businessKey).toBe("R-1");
  });

  it("refuses a completion whose guard fails, leaving the task open and the history unchanged", async () => {
    const [task] = await openTasks(order);
    const before = await t.engine.instances.history(order.id);
    const error = await t.engine.tasks
      .complete(task!.id, { outcome: "REJECT", data: { note: "no" } }, desk)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardRejectedError);
    expect((await t.engine.tasks.get(task!.id)).status).toBe("open");
    expect(await t.engine.instances.history(order.id)).toHaveLength(before.length);
    expect((await t.engine.instances.get(order.id)).revision).toBe(0);
  });

  it("refuses form data that breaks the form schema, listing every field", async () => {
    const [task] = await openTasks(order);
    const error = await t.engine.tasks
      .complete(task!.id, { outcome: "ACCEPT", data: { note: 5 } }, desk)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.objectContaining({ path: "note" }),
    ]);
  });

  it("takes the first transition whose guard holds, entering both regions with their tasks", async () => {
    t.clock.set("2024-09-27T11:00:00+08:00");
    const [task] = await openTasks(order);
    const { instance, task: done } = await t.engine.tasks.complete(
      task!.id,
      { outcome: "ACCEPT", data: { note: "ok" } },
      desk,
    );
    expect(done.status).toBe("completed");
    expect(done.completedBy).toBe("dora");
    expect(instance.vars.route).toBe("big");
    expect(instance.vars.note).toBe("ok");
    expect(instance.activeStates.sort()).toEqual(["ordering", "scheduling"]);
    const names = (await openTasks(order)).map((x) => x.name).sort();
    expect(names).toEqual(["Oversee the work", "Plan the labour"]);
    const plan = (await openTasks(order)).find((x) => x.name === "Plan the labour");
    expect(plan?.dueAt?.toISOString()).toBe(new Date("2024-09-27T15:00:00+08:00").toISOString());
    order = instance;
  });

  it("runs a timer without a target once, leaving the state as it was", async () => {
    t.clock.set("2024-09-28T11:00:01+08:00");
    await t.engine.runDueJobs();
    let current = await t.engine.instances.get(order.id);
    expect(current.vars.reminders).toBe(1);
    expect(current.activeStates).toContain("ordering");
    t.clock.set("2024-10-01T12:00:00+08:00");
    await t.engine.runDueJobs();
    current = await t.engine.instances.get(order.id);
    expect(current.vars.reminders).toBe(1);
    // The intake's five-day expiry was cancelled when intake was left.
    expect(current.activeStates).not.toContain("expired");
  });

  it("completes a task on a compound state with an outcome its child handles", async () => {
    const plan = (await openTasks(order)).find((x) => x.name === "Plan the labour")!;
    await t.engine.tasks.claim(plan.id, lead);
    const { instance } = await t.engine.tasks.complete(plan.id, { outcome: "SCHEDULED" }, lead);
    expect(instance.activeStates.sort()).toEqual(["labouring", "ordering"]);
    const work = (await openTasks(order)).find((x) => x.name === "Do the work")!;
    expect(work.candidateGroups).toEqual(["crew-north"]);
    expect(work.dueAt?.toISOString()).toBe(new Date("2024-10-04T12:00:00+08:00").toISOString());
  });

  it("finishes the parallel state when both regions are done, cancelling its own task", async () => {
    await t.engine.instances.send(order.id, { type: "PARTS_IN" }, { actor: lead });
    const work = (await openTasks(order)).find((x) => x.name === "Do the work")!;
    const oversee = (await openTasks(order)).find((x) => x.name === "Oversee the work")!;
    const { instance } = await t.engine.tasks.complete(work.id, { outcome: "DONE" }, crew);
    expect(instance.activeStates).toEqual(["delivery"]);
    expect((await t.engine.tasks.get(oversee.id)).status).toBe("cancelled");
    expect(await openTasks(order)).toEqual([]);
    order = instance;
  });

  it("closes by a working-day timer that skips the holiday week", async () => {
    // Entered delivery on Tue 1 Oct (a holiday): three working days are 8, 9 and 10 Oct.
    t.clock.set("2024-10-10T11:59:00+08:00");
    expect(await t.engine.runDueJobs()).toBe(0);
    expect((await t.engine.instances.get(order.id)).activeStates).toEqual(["delivery"]);
    t.clock.set("2024-10-10T12:00:00+08:00");
    expect(await t.engine.runDueJobs()).toBe(1);
    const closed = await t.engine.instances.get(order.id);
    expect(closed.status).toBe("completed");
    expect(closed.activeStates).toEqual(["closed"]);
    expect(closed.endedAt?.toISOString()).toBe(new Date("2024-10-10T12:00:00+08:00").toISOString());
  });

  it("keeps a gap-free history of every change", async () => {
    const log = await t.engine.instances.history(order.id);
    expect(log.map((h) => h.seq)).toEqual(log.map((_, i) => i));
    expect(log[0]).toMatchObject({ kind: "start", to: ["intake"], actor: "dora" });
    expect(log.map((h) => h.event)).toEqual([
      null,
      "ACCEPT",
      "zb.timer.ordering.0",
      null, // the ordering timer's notification, delivered: a "notified" row
      "SCHEDULED",
      "PARTS_IN",
      "DONE",
      "zb.timer.delivery.0",
    ]);
    expect(log[3]?.kind).toBe("notified");
    expect(log.at(-1)).toMatchObject({ from: ["delivery"], to: ["closed"], actor: "system" });
  });

  it("accepts nothing once completed", async () => {
    const error = await t.engine.instances
      .send(order.id, { type: "PICKED_UP" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe("events and versions", () => {
  it("tells an event the state does not handle from one its guard refuses", async () => {
    const order = await t.engine.instances.start("repair-order", { customer: "Li", amount: 10 });
    await expect(t.engine.instances.send(order.id, { type: "PICKED_UP" })).rejects.toBeInstanceOf(
      EventNotAcceptedError,
    );
    await expect(
      t.engine.instances.send(order.id, { type: "REJECT", data: { reason: "" } }),
    ).rejects.toBeInstanceOf(GuardRejectedError);
    await expect(
      t.engine.instances.send(order.id, { type: "zb.timer.intake.0" }),
    ).rejects.toBeInstanceOf(EventNotAcceptedError);
    expect((await t.engine.instances.get(order.id)).revision).toBe(0);
  });

  it("refuses an event whose guard cannot be evaluated with GUARD_REJECTED naming the cause", async () => {
    await t.engine.definitions.publish({
      key: "far-future",
      name: "A guard that overflows the calendar",
      initial: "waiting",
      states: {
        waiting: {
          on: {
            CHECK: { target: "done", guard: 'date(event.data.d) + duration("P1Y") > today()' },
          },
        },
        done: { type: "final" },
      },
    });
    const instance = await t.engine.instances.start("far-future", {});
    const error = await t.engine.instances
      .send(instance.id, { type: "CHECK", data: { d: "+275760-09-13" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardRejectedError);
    expect((error as GuardRejectedError).guardErrors).toEqual([
      expect.stringContaining("Out-of-bounds date"),
    ]);
    expect(
      (await t.engine.instances.send(instance.id, { type: "CHECK", data: { d: "2026-01-01" } }))
        .status,
    ).toBe("completed");
  });

  it("applies an event once per idempotency key and returns the first result again", async () => {
    const order = await t.engine.instances.start("repair-order", { customer: "Ma", amount: 10 });
    const first = await t.engine.instances.send(
      order.id,
      { type: "REJECT", data: { reason: "dup" } },
      { idempotencyKey: "k-1" },
    );
    const again = await t.engine.instances.send(
      order.id,
      { type: "REJECT", data: { reason: "dup" } },
      { idempotencyKey: "k-1" },
    );
    expect(again).toEqual(first);
    expect(await t.engine.instances.history(order.id)).toHaveLength(2);
  });

  it("gives a published definition back with its author's key order", async () => {
    const { definition } = await t.engine.definitions.get("repair-order", 1);
    expect(Object.keys(definition.states)).toEqual(Object.keys(repairOrder.states));
    expect(Object.keys(definition)).toEqual(Object.keys(repairOrder));
  });

  it("keeps running instances on the version they started with", async () => {
    const old = await t.engine.instances.start("repair-order", { customer: "Qian", amount: 10 });
    const v2 = {
      ...repairOrder,
      states: {
        ...repairOrder.states,
        intake: {
          ...repairOrder.states.intake,
          on: { ...repairOrder.states.intake.on, REJECT: "rejected" },
        },
      },
    };
    const published = await t.engine.definitions.publish(v2);
    expect(published).toEqual({ key: "repair-order", version: 2, created: true });
    expect(await t.engine.definitions.publish(v2)).toEqual({
      key: "repair-order",
      version: 2,
      created: false,
    });
    // v1 still has the reason guard; v2 does not.
    await expect(t.engine.instances.send(old.id, { type: "REJECT" })).rejects.toBeInstanceOf(
      GuardRejectedError,
    );
    const fresh = await t.engine.instances.start("repair-order", { customer: "Sun", amount: 10 });
    expect(fresh.version).toBe(2);
    expect((await t.engine.instances.send(fresh.id, { type: "REJECT" })).activeStates).toEqual([
      "rejected",
    ]);
    const pinned = await t.engine.instances.start(
      "repair-order",
      { customer: "Zhou", amount: 10 },
      { version: 1 },
    );
    expect(pinned.version).toBe(1);
    expect((await t.engine.definitions.get("repair-order", 1)).definition.states.intake).toEqual(
      repairOrder.states.intake,
    );
  });

  it("terminates: open tasks cancelled, timers dropped, nothing fires later", async () => {
    const order = await t.engine.instances.start("repair-order", { customer: "Wang", amount: 10 });
    const ended = await t.engine.instances.terminate(order.id, { reason: "duplicate" });
    expect(ended.status).toBe("terminated");
    expect(
      (await t.engine.tasks.list({ instanceId: order.id, status: "cancelled" })).items,
    ).toHaveLength(1);
    t.clock.advance("P30D");
    await t.engine.runDueJobs();
    const after = await t.engine.instances.get(order.id);
    expect(after).toMatchObject({ status: "terminated", activeStates: ["intake"] });
    expect((await t.engine.instances.history(order.id)).at(-1)).toMatchObject({
      kind: "terminate",
      data: { reason: "duplicate" },
    });
    await expect(t.engine.instances.terminate(order.id)).rejects.toBeInstanceOf(ConflictError);
  });
});
