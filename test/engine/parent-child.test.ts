/** startProcess, sendToChildren, sendToParent, CHILD_DONE, ignored messages, and terminate cascading to children. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { parcelCourier, parcelParent } from "./fixtures.js";

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine();
  await t.engine.definitions.publish(parcelCourier);
  await t.engine.definitions.publish(parcelParent);
});
afterAll(() => t.close());

async function shipOne(parcel: string) {
  const batch = await t.engine.instances.start("parcel-batch", { parcel });
  await t.engine.instances.send(batch.id, { type: "SHIP" });
  const [child] = (await t.engine.instances.list({ parentId: batch.id })).items;
  return { batch, child: child! };
}

describe("parent and child processes", () => {
  it("starts the child in the same change, linked to its parent", async () => {
    const { batch, child } = await shipOne("P-1");
    expect(child).toMatchObject({
      processKey: "parcel-courier",
      parentId: batch.id,
      status: "running",
      vars: { parcel: "P-1", tries: 0 },
    });
  });

  it("tells the parent when the child ends, with the child's final state and vars", async () => {
    const { batch, child } = await shipOne("P-2");
    await t.engine.instances.send(child.id, { type: "ARRIVE" });
    // The message is a job due at once; the worker (here runDueJobs) delivers it.
    expect((await t.engine.instances.get(batch.id)).activeStates).toEqual(["shipping"]);
    expect(await t.engine.runDueJobs()).toBe(1);
    const parent = await t.engine.instances.get(batch.id);
    expect(parent).toMatchObject({
      status: "completed",
      activeStates: ["shipped"],
      vars: { courierTries: 1 },
    });
    const last = (await t.engine.instances.history(batch.id)).at(-1);
    expect(last).toMatchObject({
      event: "CHILD_DONE",
      actor: "system",
      from: ["shipping"],
      to: ["shipped"],
    });
  });

  it("sends to children and back to the parent", async () => {
    const { batch, child } = await shipOne("P-3");
    await t.engine.instances.send(child.id, { type: "PING" });
    await t.engine.runDueJobs();
    expect((await t.engine.instances.get(batch.id)).vars.pinged).toBe(true);
    await t.engine.instances.send(batch.id, { type: "RECALL" });
    await t.engine.runDueJobs();
    expect(await t.engine.instances.get(child.id)).toMatchObject({
      status: "completed",
      activeStates: ["returned"],
    });
    // The child's end reaches the parent, whose second transition (not delivered) wins.
    expect(await t.engine.instances.get(batch.id)).toMatchObject({ activeStates: ["lost"] });
  });

  it("writes a message the receiver does not accept to its history as ignored, without failing the sender", async () => {
    const { batch, child } = await shipOne("P-4");
    await t.engine.instances.send(batch.id, { type: "RECALL" });
    await t.engine.instances.send(batch.id, { type: "RECALL" });
    await t.engine.runDueJobs();
    const log = await t.engine.instances.history(child.id);
    expect(log.filter((h) => h.kind === "ignored")).toEqual([
      expect.objectContaining({ event: "STOP", from: ["returned"], to: ["returned"] }),
    ]);
    expect((await t.engine.instances.get(batch.id)).incident).toBeNull();
  });

  it("terminates running children with their parent", async () => {
    const { batch, child } = await shipOne("P-5");
    await t.engine.instances.terminate(batch.id, { reason: "cancelled order" });
    expect(await t.engine.instances.get(child.id)).toMatchObject({ status: "terminated" });
    expect((await t.engine.instances.history(child.id)).at(-1)).toMatchObject({
      kind: "terminate",
      data: { reason: "cancelled order" },
    });
  });

  it("refuses the parent's change when the child's start variables are invalid", async () => {
    const batch = await t.engine.instances.start("parcel-batch", {});
    // vars.parcel is null: the child's schema requires a string, so SHIP changes nothing.
    await expect(t.engine.instances.send(batch.id, { type: "SHIP" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await t.engine.instances.get(batch.id)).toMatchObject({
      activeStates: ["sorting"],
      revision: 0,
    });
    expect((await t.engine.instances.list({ parentId: batch.id })).items).toEqual([]);
  });
});
