/**
 * Timers written in batches (engine/scheduler/write-batch.ts) end as if each
 * had fired alone: two timers of one instance due at once both fire, in turn
 * (the second in the next batch); a timer's notification is delivered; the
 * events are announced. (Messages a receiver ignores: parent-child.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineEvent, Notification } from "../../engine/types.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

let t: TestEngine;
const sent: Notification[] = [];

beforeAll(async () => {
  t = await openTestEngine({
    senders: { default: async (notification) => void sent.push(notification) },
  });
  await t.engine.definitions.publish({
    key: "two-clocks",
    name: "Two clocks",
    initial: "both",
    states: {
      both: {
        type: "parallel",
        states: {
          left: {
            initial: "leftWaiting",
            states: {
              leftWaiting: { after: [{ delay: "PT1H", target: "leftRang" }] },
              leftRang: { type: "final" },
            },
          },
          right: {
            initial: "rightWaiting",
            states: {
              rightWaiting: {
                after: [{ delay: "PT1H", target: "rightRang" }],
              },
              rightRang: { type: "final" },
            },
          },
        },
        onDone: "rang",
      },
      rang: {
        entry: [{ type: "notify", to: ["duty"], message: '"both rang for " + vars.name' }],
        on: { CLOSE: "closed" },
      },
      closed: { type: "final" },
    },
  });
});
afterAll(() => t.close());

describe("timers due at once, in batches", () => {
  it("fire each once, two of one instance in turn, with their notification delivered", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `clock-${i}`);
    const started = await Promise.all(
      names.map((name) => t.engine.instances.start("two-clocks", { name })),
    );
    const seen: EngineEvent[] = [];
    const unsubscribe = await t.engine.subscribe((event) => void seen.push(event));
    t.clock.advance("PT1H");
    // 60 timers, then 30 deliveries.
    expect(await t.engine.runDueJobs()).toBe(90);
    for (const { id } of started) {
      const instance = await t.engine.instances.get(id);
      expect(instance.activeStates).toEqual(["rang"]);
      const fired = (await t.engine.instances.history(id)).filter((h) => h.kind === "event");
      expect(fired.map((h) => h.event).sort()).toEqual([
        "zb.timer.leftWaiting.0",
        "zb.timer.rightWaiting.0",
      ]);
    }
    expect(sent.map((n) => n.message).sort()).toEqual(
      names.map((n) => `both rang for ${n}`).sort(),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await unsubscribe();
    const changed = seen.filter((e) => e.type === "instance.changed");
    expect(new Set(changed.map((e) => (e as { instanceId: string }).instanceId)).size).toBe(30);
    expect(await t.engine.runDueJobs()).toBe(0);
  });
});
