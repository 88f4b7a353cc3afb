/**
 * Concurrent changes to one instance are applied one after the other, and
 * timers due at once fire exactly once however many workers take them. On
 * PostgreSQL the workers belong to two engines (two connection pools), as two
 * processes would; PGlite has one connection, so there they share one engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { rowsOf } from "../../engine/service/rows.js";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { metronome } from "./fixtures.js";

let t: TestEngine;
let second: Engine;
beforeAll(async () => {
  t = await openTestEngine({ poolSize: 12 });
  await t.engine.definitions.publish(metronome);
  second = onPostgres
    ? await createEngine({ database: t.database.url, clock: t.clock, poolSize: 12 })
    : t.engine;
});
afterAll(async () => {
  if (second !== t.engine) await second.close();
  await t.close();
});

describe("concurrency", () => {
  it("applies 50 concurrent sends to one instance with revisions 1..50, no gap, no duplicate", async () => {
    const { id } = await t.engine.instances.start("metronome", {});
    const engines = [t.engine, second];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => engines[i % 2]!.instances.send(id, { type: "TICK" })),
    );
    const instance = await t.engine.instances.get(id);
    expect(instance.revision).toBe(50);
    expect(instance.vars.ticks).toBe(50);
    const seqs = (await t.engine.instances.history(id))
      .filter((h) => h.event === "TICK")
      .map((h) => h.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("fires 1,000 timers due at once exactly once with two workers", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 1000; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, () => t.engine.instances.start("metronome", {})),
      );
      ids.push(...batch.map((b) => b.id));
    }
    t.clock.advance("PT1M");
    const workers = [
      t.engine.startWorker({ pollMs: 20, batchSize: 25 }),
      second.startWorker({ pollMs: 20, batchSize: 25 }),
    ];
    try {
      await expect
        .poll(
          async () =>
            (
              await t.engine.instances.list({
                processKey: "metronome",
                status: "running",
                limit: 1,
              })
            ).items.length,
          {
            timeout: 120_000,
            interval: 200,
          },
        )
        .toBe(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const { rows } = await countFirings(t.engine, ids);
    expect(rows).toEqual({ instances: 1000, firings: 1000, perInstanceMax: 1 });
    const sample = await t.engine.instances.get(ids[500]!);
    expect(sample.activeStates).toEqual(["rang"]);
  }, 180_000);
});

async function countFirings(engine: Engine, ids: string[]) {
  const { sql } = await import("drizzle-orm");
  const result = await engine.database.db.execute(sql`
    select count(distinct instance_id)::int as instances, count(*)::int as firings,
           coalesce(max(n), 0)::int as "perInstanceMax"
    from (select instance_id, count(*) over (partition by instance_id) as n
          from history where event = 'zb.timer.waiting.0' and instance_id = any(${sql.param(ids)}::uuid[])) h`);
  const rows = rowsOf<Record<string, number>>(result);
  return { rows: rows[0] };
}
