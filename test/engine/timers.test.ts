/** Durable timers: they survive a restart, fire once, and are cancelled with their state. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine, createManualClock } from "../../engine/index.js";
import { createTestDatabase } from "../support/test-database.js";
import { openTestEngine } from "../support/test-engine.js";
import { metronome } from "./fixtures.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("durable timers", () => {
  it("fire once after the engine is closed and a new one opened on the same database", async () => {
    const server = await createTestDatabase();
    cleanups.push(() => server.drop());
    let url = server.url;
    if (url === "pglite://memory") {
      const dir = mkdtempSync(join(tmpdir(), "zhiben-restart-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      url = `pglite://${dir}`;
    }
    const clock = createManualClock("2026-03-02T09:00:00+08:00");
    const first = await createEngine({ database: url, clock });
    await first.definitions.publish(metronome);
    const { id } = await first.instances.start("metronome", {});
    await first.close();

    const second = await createEngine({ database: url, clock });
    try {
      clock.advance("PT59S");
      expect(await second.runDueJobs()).toBe(0);
      clock.advance("PT1S");
      expect(await second.runDueJobs()).toBe(1);
      expect(await second.runDueJobs()).toBe(0);
      expect(await second.instances.get(id)).toMatchObject({
        status: "completed",
        activeStates: ["rang"],
      });
      const fired = (await second.instances.history(id)).filter(
        (h) => h.event === "zb.timer.waiting.0",
      );
      expect(fired).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it("are cancelled when their state is left and restarted when it is re-entered", async () => {
    const t = await openTestEngine();
    cleanups.push(() => t.close());
    const def = {
      key: "kettle",
      name: "Kettle",
      initial: "heating",
      states: {
        heating: {
          after: [{ delay: "PT10M", target: "boiled" }],
          on: { RESTART: { target: "heating", reenter: true }, OFF: "off" },
        },
        boiled: { type: "final" },
        off: { type: "final" },
      },
    };
    await t.engine.definitions.publish(def);
    const kettle = await t.engine.instances.start("kettle", {});
    t.clock.advance("PT8M");
    await t.engine.instances.send(kettle.id, { type: "RESTART" });
    t.clock.advance("PT8M");
    expect(await t.engine.runDueJobs()).toBe(0);
    t.clock.advance("PT2M");
    expect(await t.engine.runDueJobs()).toBe(1);
    expect((await t.engine.instances.get(kettle.id)).activeStates).toEqual(["boiled"]);

    const other = await t.engine.instances.start("kettle", {});
    await t.engine.instances.send(other.id, { type: "OFF" });
    t.clock.advance("PT1H");
    expect(await t.engine.runDueJobs()).toBe(0);
    expect((await t.engine.instances.get(other.id)).activeStates).toEqual(["off"]);
  });

  it("a worker started with startWorker fires due timers on its own", async () => {
    const t = await openTestEngine();
    cleanups.push(() => t.close());
    await t.engine.definitions.publish(metronome);
    const { id } = await t.engine.instances.start("metronome", {});
    t.clock.advance("PT2M");
    const worker = t.engine.startWorker({ pollMs: 50 });
    try {
      await expect
        .poll(async () => (await t.engine.instances.get(id)).status, { timeout: 5000 })
        .toBe("completed");
    } finally {
      await worker.stop();
    }
  });
});
