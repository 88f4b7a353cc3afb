/**
 * The dashboard counts kept by the trigger (migration 0004) give the same figures as
 * counting the visible instances one by one, for callers in one group, several
 * overlapping groups, as participants only, and as process-admin; through inserts,
 * every kind of update, deletes, and folding the changes in at any moment. The
 * variables counted are the ones declared (`setCountedVars`, migration 0013).
 */
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  compactInstanceCounts,
  countInstances,
  type CountedRow,
} from "../../engine/service/instance-counts.js";
import { rowsOf } from "../../engine/service/rows.js";
import { migrationsFolder } from "../../engine/store/migrations-folder.js";
import { openDatabase } from "../../engine/store/open-database.js";
import type { Actor } from "../../engine/types.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

let h: TestEngine;
beforeAll(async () => {
  h = await openTestEngine();
  await h.engine.instances.setCountedVars("hazard-closure", ["village", "industry"]);
  await h.engine.instances.setCountedVars("tip-off-reward", ["channel"]);
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

/** Instances an earlier test of this file left in the database (the counts include them). */
const others: Row[] = [];

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

/** Rows as the json_to_recordset of one multi-row statement reads them. */
const asRecords = (rows: Row[]) =>
  JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      process_key: r.processKey,
      status: r.status,
      vars: r.vars,
      active_states: r.activeStates,
      visible_to: r.visibleTo,
      participants: r.participants,
    })),
  );
const RECORD = sql.raw(`r(id uuid, process_key text, status text, vars jsonb, active_states text[],
  visible_to text[], participants text[])`);

/** Inserts all of them with one statement, as a schedule's starts are. */
async function insertAll(rows: Row[]) {
  await db().execute(sql`insert into instances
      (id, process_key, version, status, snapshot, vars, active_states, visible_to, participants, started_at, updated_at)
    select r.id, r.process_key, 1, r.status, '{}'::jsonb, r.vars, r.active_states, r.visible_to,
           r.participants, now(), now()
      from json_to_recordset(${asRecords(rows)}::json) as ${RECORD}`);
}

/** Updates all of them with one statement, as a batch of timers is written. */
async function updateAll(rows: Row[]) {
  await db().execute(sql`update instances i set process_key = r.process_key, status = r.status,
      vars = r.vars, active_states = r.active_states, visible_to = r.visible_to, participants = r.participants
      from json_to_recordset(${asRecords(rows)}::json) as ${RECORD}
     where i.id = r.id`);
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
    others.push(...rows);
  });

  test("equal a row-by-row count when one statement inserts, updates or deletes many instances", async () => {
    const next = random(20261129);
    const rows = Array.from({ length: 80 }, () => randomRow(next));
    await insertAll(rows);
    for (let round = 0; round < 3; round++) {
      // Some rows change what is counted, some only a remark, some not at all.
      const changed = rows.map((row) => {
        const roll = next();
        if (roll < 0.5) return { ...randomRow(next, row.id), processKey: row.processKey };
        if (roll < 0.8) return { ...row, vars: { ...row.vars, remark: `第${round}轮` } };
        return row;
      });
      await updateAll(changed);
      rows.splice(0, rows.length, ...changed);
      // The test file's other instances are there too: compare counts with all of them.
      await expectSameCounts([...others, ...rows]);
      if (round === 1) await compactInstanceCounts(db());
    }
    const gone = rows.splice(0, 30);
    await db().execute(
      sql`delete from instances where id = any(${sql.param(gone.map((r) => r.id))}::uuid[])`,
    );
    await expectSameCounts([...others, ...rows]);
    const [{ n }] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from instances`),
    ) as [{ n: number }];
    expect(n).toBe(others.length + rows.length);
    others.push(...rows);
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

describe("counted variables declared by the application", () => {
  test("declaring them counts the instances already there; the same list again changes nothing", async () => {
    const next = random(13);
    const rows: Row[] = [];
    for (let i = 0; i < 12; i++) {
      const row = randomRow(next);
      row.processKey = "counted-later";
      row.vars.region = ["north", "south", 3][i % 3];
      await insert(row);
      rows.push(row);
    }
    const admin = actors[5]!;
    // Not declared: no counts by it (by state they are kept all along).
    expect(await countInstances(db(), admin, "counted-later", "region")).toEqual([]);
    expect(await countInstances(db(), admin, "counted-later", null)).toEqual(
      expected(rows, admin, "counted-later", null),
    );

    expect(await h.engine.instances.setCountedVars("counted-later", ["region", "village"])).toBe(
      true,
    );
    for (const actor of actors)
      expect(await countInstances(db(), actor, "counted-later", "region")).toEqual(
        expected(rows, actor, "counted-later", "region"),
      );
    expect(await h.engine.instances.setCountedVars("counted-later", ["region", "village"])).toBe(
      false,
    );

    // Changes after the declaration are kept by the trigger as for any counted variable.
    const changed = { ...rows[0]!, vars: { ...rows[0]!.vars, region: "west" } };
    await update(changed);
    rows[0] = changed;
    expect(await countInstances(db(), admin, "counted-later", "region")).toEqual(
      expected(rows, admin, "counted-later", "region"),
    );

    // Dropped: no longer counted by it; the other processes keep theirs.
    const village = await countInstances(db(), admin, "hazard-closure", "village");
    expect(await h.engine.instances.setCountedVars("counted-later", [])).toBe(true);
    expect(await countInstances(db(), admin, "counted-later", "region")).toEqual([]);
    expect(await countInstances(db(), admin, "counted-later", null)).toEqual(
      expected(rows, admin, "counted-later", null),
    );
    expect(await countInstances(db(), admin, "hazard-closure", "village")).toEqual(village);
  });

  test("a bad declaration is refused with each problem", async () => {
    await expect(h.engine.instances.setCountedVars("", ["a", ""])).rejects.toMatchObject({
      problems: [
        { path: "processKey", message: "must be a non-empty string" },
        { path: "vars[1]", message: "must be a non-empty string" },
      ],
    });
  });

  test("a database migrated from before keeps counting what migration 0004 counted", async () => {
    const folder = mkdtempSync(join(tmpdir(), "zhiben-migrations-"));
    const database = await openDatabase("pglite://memory");
    try {
      // The shipped migrations up to 0012, then an instance counted by 0004's function.
      cpSync(migrationsFolder(), folder, { recursive: true });
      const journalPath = join(folder, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
        entries: { tag: string }[];
      };
      const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0013"));
      expect(upTo).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, upTo);
      writeFileSync(journalPath, JSON.stringify(journal));
      await database.migrate({ migrationsFolder: folder, migrationsTable: "__drizzle_migrations" });
      const row = randomRow(random(3));
      Object.assign(row, { processKey: "hazard-closure", status: "running" });
      row.vars.village = "v1";
      await database.db.execute(sql`insert into instances
          (id, process_key, version, status, snapshot, vars, active_states, visible_to, participants, started_at, updated_at)
        values (${row.id}, 'hazard-closure', 1, 'running', '{}'::jsonb, ${JSON.stringify(row.vars)}::jsonb,
                '{reported}'::text[], '{}'::text[], '{}'::text[], now(), now())`);

      await database.migrate();
      const declared = rowsOf(
        await database.db.execute(sql`select process_key, vars from counted_vars`),
      );
      expect(declared).toEqual([{ process_key: "hazard-closure", vars: ["village", "industry"] }]);
      const counted = await countInstances(database.db, actors[5]!, "hazard-closure", "village");
      expect(counted.map((c) => [c.key, c.total])).toEqual([["v1", 1]]);
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
