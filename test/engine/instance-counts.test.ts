/**
 * The dashboard counts kept by the trigger (migration 0004) give the same figures as
 * counting the visible instances one by one, for callers in one group, several
 * overlapping groups, as participants only, and as process-admin; through inserts,
 * every kind of update, deletes, and folding the changes in at any moment.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  compactInstanceCounts,
  countInstances,
  type CountedRow,
} from "../../engine/service/instance-counts.js";
import { rowsOf } from "../../engine/service/rows.js";
import type { Actor } from "../../engine/types.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

let h: TestEngine;
beforeAll(async () => {
  h = await openTestEngine();
});
afterAll(async () => h?.close());

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  id: string;
  processKey: string;
  status: "running" | "completed" | "terminated";
  activeStates: string[];
  vars: Record<string, unknown>;
  visibleTo: string[];
  participants: string[];
}

const groupsPool = ["safety-office", "township-leader", "village-a", "village-b", "enterprise-x"];
const users = ["u1", "u2", "u3"];

function randomRow(next: () => number, id: string = randomUUID()): Row {
  const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)]!;
  const some = <T>(values: T[]) => values.filter(() => next() < 0.4);
  const status = pick(["running", "running", "completed", "terminated"] as const);
  const vars: Record<string, unknown> = {};
  if (next() < 0.9) vars.village = pick(["v1", "v2", "v3"]);
  if (next() < 0.8) vars.industry = pick(["工贸", "危化", 7, true]);
  if (next() < 0.1) vars.industry = { nested: 1 };
  if (next() < 0.5) vars.overdue = next() < 0.5;
  if (next() < 0.3) vars.closedLate = next() < 0.5;
  if (next() < 0.4) vars.escalationLevel = pick([1, 2, 3, 4, 5, "2", null]);
  return {
    id,
    processKey: pick(["hazard-closure", "hazard-closure", "tip-off-reward"]),
    status,
    activeStates:
      status === "running"
        ? [pick(["reported", "rectifying", "verifying"])]
        : [pick(["closed", "dismissed", "cancelled"])],
    vars,
    visibleTo: next() < 0.1 ? [] : some(groupsPool).concat(next() < 0.1 ? ["village-a"] : []),
    participants: some(users),
  };
}

const db = () => h.engine.database.db;

async function insert(row: Row) {
  const now = new Date().toISOString();
  await db().execute(sql`insert into instances
      (id, process_key, version, status, snapshot, vars, active_states, visible_to, participants, started_at, updated_at)
    values (${row.id}, ${row.processKey}, 1, ${row.status}, '{}'::jsonb, ${JSON.stringify(row.vars)}::jsonb,
            ${sql.param(row.activeStates)}::text[], ${sql.param(row.visibleTo)}::text[],
            ${sql.param(row.participants)}::text[], ${now}::timestamptz, ${now}::timestamptz)`);
}

async function update(row: Row) {
  await db()
    .execute(sql`update instances set process_key = ${row.processKey}, status = ${row.status},
      vars = ${JSON.stringify(row.vars)}::jsonb, active_states = ${sql.param(row.activeStates)}::text[],
      visible_to = ${sql.param(row.visibleTo)}::text[], participants = ${sql.param(row.participants)}::text[]
    where id = ${row.id}`);
}

/** The figures, counted row by row with the rules the trigger documents. */
function expected(rows: Row[], actor: Actor, processKey: string, by: string | null) {
  const admin = actor.groups.includes("process-admin");
  const sees = (r: Row) =>
    admin || r.visibleTo.some((g) => actor.groups.includes(g)) || r.participants.includes(actor.id);
  const scalar = (v: unknown) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : null;
  const byKey = new Map<string | null, CountedRow>();
  for (const r of rows.filter((r) => r.processKey === processKey && sees(r))) {
    const key = by === null ? r.activeStates[0]! : scalar(r.vars[by]);
    const running = r.status === "running";
    const overdue = r.vars.overdue === true;
    const closed = r.status === "completed" && r.activeStates.includes("closed");
    const late = typeof r.vars.closedLate === "boolean" ? r.vars.closedLate : overdue;
    const level = [1, 2, 3, 4, 5].find((n) => String(n) === String(r.vars.escalationLevel));
    const into = byKey.get(key) ?? {
      key,
      ...{ total: 0, running: 0, overdue: 0, completed: 0, closed: 0, closedLate: 0 },
      ...{ dismissed: 0, level1: 0, level2: 0, level3: 0, level4: 0 },
    };
    into.total += 1;
    into.running += Number(running);
    into.overdue += Number(running && overdue);
    into.completed += Number(r.status === "completed");
    into.closed += Number(closed);
    into.closedLate += Number(closed && late);
    into.dismissed += Number(r.activeStates.includes("dismissed"));
    into.level1 += Number(running && level === 1);
    into.level2 += Number(running && level === 2);
    into.level3 += Number(running && level === 3);
    into.level4 += Number(running && level === 4);
    byKey.set(key, into);
  }
  return [...byKey.values()].sort((a, b) =>
    String(a.key ?? "\uffff").localeCompare(String(b.key ?? "\uffff")),
  );
}

const actors: Actor[] = [
  { id: "u1", groups: ["safety-office"] },
  { id: "u2", groups: ["village-a", "enterprise-x"] },
  { id: "u3", groups: ["safety-office", "township-leader", "village-a", "village-b"] },
  { id: "u1", groups: [] },
  { id: "nobody", groups: ["elsewhere"] },
  { id: "admin", groups: ["process-admin"] },
];

async function expectSameCounts(rows: Row[]) {
  for (const actor of actors)
    for (const [processKey, by] of [
      ["hazard-closure", null],
      ["hazard-closure", "village"],
      ["hazard-closure", "industry"],
      ["tip-off-reward", "channel"],
    ] as const) {
      const counted = await countInstances(db(), actor, processKey, by);
      const sorted = [...counted].sort((a, b) =>
        String(a.key ?? "\uffff").localeCompare(String(b.key ?? "\uffff")),
      );
      expect(sorted, `${actor.id} [${actor.groups.join(",")}] ${processKey} by ${by}`).toEqual(
        expected(rows, actor, processKey, by),
      );
    }
}

describe("dashboard counts kept by the database", () => {
  test("equal a row-by-row count through inserts, updates, deletes and folding", async () => {
    const next = random(20261128);
    const rows: Row[] = [];
    for (let i = 0; i < 60; i++) {
      const row = randomRow(next);
      await insert(row);
      rows.push(row);
    }
    await expectSameCounts(rows);
    expect(await compactInstanceCounts(db())).toBeGreaterThan(0);
    await expectSameCounts(rows);

    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 25; i++) {
        const at = Math.floor(next() * rows.length);
        const changed = { ...randomRow(next, rows[at]!.id) };
        if (next() < 0.3) changed.processKey = rows[at]!.processKey; // also updates within one process
        await update(changed);
        rows[at] = changed;
      }
      const gone = rows.splice(Math.floor(next() * rows.length), 1)[0]!;
      await db().execute(sql`delete from instances where id = ${gone.id}`);
      await expectSameCounts(rows);
      if (round % 2 === 0) await compactInstanceCounts(db());
    }
    await compactInstanceCounts(db());
    await expectSameCounts(rows);
  });

  test("an update that changes nothing counted writes no change rows", async () => {
    const row = randomRow(random(7));
    row.processKey = "hazard-closure";
    await insert(row);
    await compactInstanceCounts(db());
    const pending = async () =>
      Number(
        rowsOf(await db().execute(sql`select count(*)::int as n from instance_count_changes`))[0]!
          .n,
      );
    await update({ ...row, vars: { ...row.vars, remark: "只改了备注" } });
    expect(await pending()).toBe(0);
    await update({ ...row, vars: { ...row.vars, village: "v9" } });
    expect(await pending()).toBeGreaterThan(0);
  });

  test("a rebuild gives the same counts as the kept ones", async () => {
    const before = await countInstances(db(), actors[5]!, "hazard-closure", "village");
    await db().execute(sql`select zb_rebuild_instance_counts()`);
    expect(await countInstances(db(), actors[5]!, "hazard-closure", "village")).toEqual(before);
  });
});
