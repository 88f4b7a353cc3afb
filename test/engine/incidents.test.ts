/** A failing job is retried with back-off, then marks its instance with an incident; retry clears it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../engine/index.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const sent: Notification[] = [];
let failing = true;
let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine({
    jobs: { maxAttempts: 3, retryDelayMs: 60_000 },
    senders: {
      sms: async (n) => {
        if (failing) throw new Error("SMS gateway down");
        sent.push(n);
      },
    },
  });
  await t.engine.definitions.publish({
    key: "doorbell",
    name: "Doorbell",
    initial: "idle",
    states: {
      idle: {
        on: {
          RING: {
            target: "rung",
            actions: [
              {
                type: "notify",
                to: ["owner"],
                channel: "sms",
                title: '"Door"',
                message: '"visitor: " + vars.visitor',
              },
            ],
          },
        },
      },
      rung: { type: "final" },
    },
  });
});
afterAll(() => t.close());

describe("failing jobs", () => {
  it("retry with back-off, then show as an incident that a retry clears", async () => {
    const bell = await t.engine.instances.start("doorbell", { visitor: "postman" });
    await t.engine.instances.send(bell.id, { type: "RING" });
    expect(await t.engine.runDueJobs()).toBe(1);
    expect((await t.engine.instances.get(bell.id)).incident).toBeNull();

    // Not due again until the back-off has passed: 1 min, then 2 min.
    expect(await t.engine.runDueJobs()).toBe(0);
    t.clock.advance("PT1M");
    expect(await t.engine.runDueJobs()).toBe(1);
    t.clock.advance("PT2M");
    expect(await t.engine.runDueJobs()).toBe(1);

    const broken = await t.engine.instances.get(bell.id);
    expect(broken.incident).toMatchObject({
      kind: "deliver",
      attempts: 3,
      message: expect.stringContaining("SMS gateway down"),
    });
    expect((await t.engine.instances.history(bell.id)).at(-1)).toMatchObject({ kind: "incident" });
    t.clock.advance("PT1H");
    expect(await t.engine.runDueJobs()).toBe(0);

    failing = false;
    const retried = await t.engine.instances.retry(bell.id);
    expect(retried.incident).toBeNull();
    expect(await t.engine.runDueJobs()).toBe(1);
    expect(sent).toEqual([
      expect.objectContaining({
        recipients: ["owner"],
        title: "Door",
        message: "visitor: postman",
        channel: "sms",
      }),
    ]);
    expect((await t.engine.instances.get(bell.id)).incident).toBeNull();
  });
});
