/**
 * A timer that fails among others due at the same moment fails alone: the
 * others of its batch fire once, it is retried with back-off and then shows
 * as an incident. (The worker first runs such a batch without savepoints and,
 * when a job fails, runs it again with them; this pins down what users see.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine({ jobs: { maxAttempts: 2, retryDelayMs: 60_000 } });
  await t.engine.definitions.publish({
    key: "relay",
    name: "Relay",
    initial: "first",
    states: {
      first: { after: [{ delay: "PT1M", target: "second" }] },
      // Entering `second` fails when `when` is not a date: its timer cannot be set.
      second: { after: [{ delay: { at: "vars.when" }, target: "done" }] },
      done: { type: "final" },
    },
  });
});
afterAll(() => t.close());

describe("a failing timer among timers due at once", () => {
  it("fails alone: the others fire once, it is retried, then shows as an incident", async () => {
    const good = await Promise.all(
      ["2024-10-01", "2024-10-02", "2024-10-03"].map((when) =>
        t.engine.instances.start("relay", { when }),
      ),
    );
    const bad = await t.engine.instances.start("relay", { when: "not a date" });

    t.clock.advance("PT1M");
    expect(await t.engine.runDueJobs()).toBe(4);
    for (const { id } of good) {
      const instance = await t.engine.instances.get(id);
      expect(instance.activeStates).toEqual(["second"]);
      expect(instance.incident).toBeNull();
      const firings = (await t.engine.instances.history(id)).filter((h) => h.kind === "event");
      expect(firings).toHaveLength(1);
    }
    expect(await t.engine.instances.get(bad.id)).toMatchObject({
      activeStates: ["first"],
      incident: null,
    });

    // Retried after the back-off; the second failure is its last attempt.
    expect(await t.engine.runDueJobs()).toBe(0);
    t.clock.advance("PT1M");
    expect(await t.engine.runDueJobs()).toBe(1);
    const broken = await t.engine.instances.get(bad.id);
    expect(broken.activeStates).toEqual(["first"]);
    expect(broken.incident).toMatchObject({
      kind: "timer",
      attempts: 2,
      message: expect.stringContaining("vars.when"),
    });
    expect((await t.engine.instances.history(bad.id)).at(-1)).toMatchObject({ kind: "incident" });
  });
});
