/**
 * Schedules (issue 15): slots fired exactly once per slot and item by any number
 * of engines, on the working calendar, caught up by policy after a worker was
 * down, changed by a new version, paused and resumed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, createManualClock, type ManualClock } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/test-database.js";

const shops = [
  { id: "north", open: true },
  { id: "south", open: true },
  { id: "east", open: false },
];

/** A shop's opening check: one per open shop and slot. */
function shopCheck(schedules: unknown[]) {
  return {
    key: "shop-check",
    name: "Shop check",
    variables: {
      type: "object",
      required: ["shopId", "slotAt"],
      properties: { shopId: { type: "string" }, slotAt: { type: "string" } },
    },
    initial: "open",
    states: {
      open: {
        task: { name: "Check the shop", outcomes: [{ event: "DONE", label: "Done" }] },
        on: { DONE: "done" },
      },
      done: { type: "final" },
    },
    schedules,
  };
}

const perShop = {
  forEach: "shops",
  filter: "item.open = true",
  variables: { shopId: "item.id", slotAt: "slot" },
};

interface Node {
  engine: Engine;
  clock: ManualClock;
}

let database: TestDatabase | null = null;
const open: Engine[] = [];

async function nodes(count: number, start: string): Promise<Node[]> {
  database = await createTestDatabase();
  const result: Node[] = [];
  // PGlite lives in one process: there the "second worker" is the same engine run twice at once.
  for (let i = 0; i < (onPostgres ? count : 1); i++) {
    const clock = createManualClock(start);
    const engine = await createEngine({
      database: database.url,
      clock,
      sources: { shops: { label: "门店", unit: "家", list: async () => shops } },
    });
    open.push(engine);
    result.push({ engine, clock });
  }
  while (result.length < count) result.push(result[0]!);
  return result;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((engine) => engine.close()));
  await database?.drop();
  database = null;
});

/** Started instances as `slot shop`, sorted (Beijing slot time). */
async function started(engine: Engine, version?: number): Promise<string[]> {
  const { items } = await engine.instances.list({ processKey: "shop-check", limit: 500 });
  return items
    .filter((i) => version === undefined || i.version === version)
    .map((i) => `${String(i.vars.slotAt).slice(0, 16)} ${String(i.vars.shopId)}`)
    .sort();
}

const both = (slots: string[]) => slots.flatMap((s) => [`${s} north`, `${s} south`]).sort();

/** Moves every node's clock to `at` (twelve hours at a time from a 09:00, so each 09:00 is met on time) and lets all of them run at once at each step. */
async function runUntil(all: Node[], at: string, stepMs = 12 * 3600_000) {
  const until = new Date(at).getTime();
  for (;;) {
    await Promise.all(all.map(({ engine }) => engine.runDueJobs()));
    const now = all[0]!.clock.now().getTime();
    if (now >= until) break;
    const next = Math.min(now + stepMs, until);
    for (const node of new Set(all)) node.clock.set(new Date(next));
  }
}

describe("schedules", () => {
  it("two engines across the week of 元旦 2026: each working-day slot once per open shop, none on the holiday, the make-up Sunday included", async () => {
    const all = await nodes(2, "2025-12-28T09:00:00+08:00");
    const { engine } = all[0]!;
    await engine.definitions.publish(
      shopCheck([{ key: "daily", every: { rule: "workdays", at: "09:00" }, ...perShop }]),
    );
    await runUntil(all, "2026-01-05T09:00:00+08:00");
    expect(await started(engine)).toEqual(
      both([
        "2025-12-29T09:00",
        "2025-12-30T09:00",
        "2025-12-31T09:00",
        "2026-01-04T09:00",
        "2026-01-05T09:00",
      ]),
    );
    // Each start's history names its schedule and slot, and it opened its task.
    const { items } = await engine.instances.list({ processKey: "shop-check", limit: 1 });
    const [start] = await engine.instances.history(items[0]!.id);
    expect(start).toMatchObject({ kind: "start", data: { schedule: "daily" } });
    expect((await engine.tasks.list({ instanceId: items[0]!.id })).items).toHaveLength(1);

    // A worker fires the next slot by itself.
    const worker = engine.startWorker({ pollMs: 20 });
    try {
      for (const node of new Set(all)) node.clock.set("2026-01-06T09:00:00+08:00");
      const deadline = Date.now() + 10_000;
      while ((await started(engine)).length < 12 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await worker.stop();
    }
    expect((await started(engine)).slice(-2)).toEqual(both(["2026-01-06T09:00"]));
    const listed = await engine.schedules.get("shop-check", "daily");
    expect(listed.description).toBe("每个工作日 09:00，每家门店（item.open = true）一件");
    expect(listed.nextSlots[0]).toEqual(new Date("2026-01-07T09:00:00+08:00"));
  }, 180_000);

  it("a worker down two days catches up by each schedule's policy, never twice", async () => {
    const [node] = await nodes(1, "2027-03-01T10:00:00+08:00"); // a Monday
    const { engine, clock } = node!;
    const daily = {
      every: { rule: "daily", at: "09:00" },
      variables: { shopId: '"all"', slotAt: "slot" },
    };
    await engine.definitions.publish(
      shopCheck([
        { key: "skip", ...daily, catchUp: "skip", variables: { shopId: '"skip"', slotAt: "slot" } },
        { key: "one", ...daily, catchUp: "one", variables: { shopId: '"one"', slotAt: "slot" } },
        {
          key: "all",
          ...daily,
          catchUp: { all: "P7D" },
          variables: { shopId: '"all"', slotAt: "slot" },
        },
      ]),
    );
    clock.set("2027-03-03T12:00:00+08:00"); // Tuesday's and Wednesday's 09:00 missed
    await engine.runDueJobs();
    await engine.runDueJobs();
    expect(await started(engine)).toEqual([
      "2027-03-02T09:00 all",
      "2027-03-03T09:00 all",
      "2027-03-03T09:00 one",
    ]);
    clock.set("2027-03-04T09:05:00+08:00"); // on time: every policy fires
    await engine.runDueJobs();
    expect((await started(engine)).filter((s) => s.startsWith("2027-03-04"))).toEqual([
      "2027-03-04T09:00 all",
      "2027-03-04T09:00 one",
      "2027-03-04T09:00 skip",
    ]);
  });

  it("a changed schedule in a new version: the old rule's slots stop, the new one's start", async () => {
    const [node] = await nodes(1, "2027-03-01T08:00:00+08:00");
    const { engine, clock } = node!;
    await engine.definitions.publish(
      shopCheck([{ key: "check", every: { rule: "workdays", at: "09:00" }, ...perShop }]),
    );
    clock.set("2027-03-01T09:30:00+08:00");
    await engine.runDueJobs();
    // v2: Fridays at 10:00 instead.
    const v2 = await engine.definitions.publish(
      shopCheck([{ key: "check", every: { rule: "weekly", day: 5, at: "10:00" }, ...perShop }]),
    );
    expect(v2.version).toBe(2);
    clock.set("2027-03-05T12:00:00+08:00");
    await engine.runDueJobs();
    expect(await started(engine, 1)).toEqual(both(["2027-03-01T09:00"]));
    expect(await started(engine, 2)).toEqual(both(["2027-03-05T10:00"]));
    // v3 drops the schedule: nothing more.
    await engine.definitions.publish(shopCheck([]));
    clock.set("2027-03-12T12:00:00+08:00");
    await engine.runDueJobs();
    expect(await started(engine)).toHaveLength(4);
    expect((await engine.schedules.get("shop-check", "check")).active).toBe(false);
  });

  it("pause and resume: audited, nothing fired while paused, the pause's slots not caught up", async () => {
    const [node] = await nodes(1, "2027-03-01T08:00:00+08:00");
    const { engine, clock } = node!;
    await engine.definitions.publish(
      shopCheck([
        {
          key: "daily",
          every: { rule: "daily", at: "09:00" },
          catchUp: { all: "P7D" },
          ...perShop,
        },
      ]),
    );
    const admin = { id: "ada", groups: ["process-admin"] };
    const paused = await engine.schedules.pause("shop-check", "daily", {
      actor: admin,
      reason: "停业整顿",
    });
    expect(paused).toMatchObject({ paused: true, pausedBy: "ada", nextSlots: [] });
    await expect(
      engine.schedules.pause("shop-check", "daily", { actor: admin }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    clock.set("2027-03-03T12:00:00+08:00");
    await engine.runDueJobs();
    expect(await started(engine)).toEqual([]);
    clock.set("2027-03-03T13:00:00+08:00");
    await engine.schedules.resume("shop-check", "daily", { actor: { id: "bo", groups: [] } });
    await engine.runDueJobs();
    expect(await started(engine)).toEqual([]);
    clock.set("2027-03-04T09:00:00+08:00");
    await engine.runDueJobs();
    expect(await started(engine)).toEqual(both(["2027-03-04T09:00"]));
    const audit = await engine.schedules.audit("shop-check", "daily");
    expect(audit.map((a) => [a.action, a.actor, a.reason, a.at.toISOString()])).toEqual([
      ["resume", "bo", null, "2027-03-03T05:00:00.000Z"],
      ["pause", "ada", "停业整顿", "2027-03-01T00:00:00.000Z"],
    ]);
    await expect(
      engine.schedules.pause("shop-check", "nope", { actor: admin }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("an item whose variables are refused starts nothing and is not retried; the others start, numbered", async () => {
    const [node] = await nodes(1, "2027-03-01T08:00:00+08:00");
    const { engine, clock } = node!;
    await engine.definitions.publish({
      businessKey: "店检〔{year}〕{seq:3}号",
      ...shopCheck([
        {
          key: "daily",
          every: { rule: "daily", at: "09:00" },
          forEach: "shops",
          // east's shopId is a number: refused by the variables schema.
          variables: { shopId: 'if item.id = "east" then 7 else item.id', slotAt: "slot" },
        },
      ]),
    });
    clock.set("2027-03-01T09:00:00+08:00");
    await engine.runDueJobs();
    clock.set("2027-03-01T10:00:00+08:00");
    await engine.runDueJobs();
    expect(await started(engine)).toEqual(both(["2027-03-01T09:00"]));
    const { items } = await engine.instances.list({ processKey: "shop-check" });
    expect(items.map((i) => i.businessKey).sort()).toEqual([
      "店检〔2027〕001号",
      "店检〔2027〕002号",
    ]);
  });
});
