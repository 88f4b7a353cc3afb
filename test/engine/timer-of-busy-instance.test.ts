/**
 * A due timer whose instance another transaction holds (an API call under way)
 * waits for it without holding up the others: the claim skips the held instance
 * (engine/scheduler/claim-due-jobs.ts), never waits for it, and a full batch of
 * the others fires in the same run. The held one fires once its instance is free.
 * Real PostgreSQL only: holding an instance needs a second connection.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../engine/service/rows.js";
import { DEFAULT_BATCH_SIZE } from "../../engine/scheduler/run-due-jobs.js";
import { cloneInstances } from "../bench/clone-instances.js";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const alarm = {
  key: "alarm",
  name: "Alarm",
  initial: "waiting",
  states: { waiting: { after: [{ delay: "PT1H", target: "rang" }] }, rang: { type: "final" } },
};

/** Holds the instance's row lock in a transaction of its own until `release()`. */
async function holdInstance(url: string, id: string) {
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const transaction = holder.begin(async (tx) => {
    await tx`select id from instances where id = ${id} for update`;
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await transaction;
    await holder.end();
  };
}

if (onPostgres) {
  describe("a timer of an instance held by another transaction", () => {
    let t: TestEngine;
    beforeAll(async () => {
      t = await openTestEngine();
      await t.engine.definitions.publish(alarm);
    });
    afterAll(() => t?.close());

    it("lets a batch's worth of others fire in the same run, and fires once its instance is free", async () => {
      const held = (await t.engine.instances.start("alarm", {})).id;
      const first = await t.engine.instances.start("alarm", {});
      await cloneInstances(t.engine.database.db, first.id, DEFAULT_BATCH_SIZE - 1);
      // The held instance's timer is the first due: it lands in the first batch.
      await t.engine.database.db.execute(
        sql`update jobs set due_at = due_at - interval '1 minute' where instance_id = ${held}`,
      );
      t.clock.advance("PT2H");
      const release = await holdInstance(t.database.url, held);
      let fired: number;
      try {
        fired = await t.engine.runDueJobs();
      } finally {
        await release();
      }
      expect(fired).toBe(DEFAULT_BATCH_SIZE);
      const [running] = rowsOf<{ n: number }>(
        await t.engine.database.db.execute(
          sql`select count(*)::int as n from instances where status = 'running'`,
        ),
      );
      expect(running!.n).toBe(1);
      expect((await t.engine.instances.get(held)).status).toBe("running");

      expect(await t.engine.runDueJobs()).toBe(1);
      expect((await t.engine.instances.get(held)).status).toBe("completed");
    });
  });
} else {
  describe("a timer of an instance held by another transaction", () => {
    it("is tested on PostgreSQL only: PGlite has one connection, none can hold an instance meanwhile", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
