/**
 * A calendar change that reaches an engine only by its notice (here made by hand in SQL,
 * as a database administrator might, or as a change whose own transaction ran before this
 * engine computed its deadlines): the engine reloads the calendar and counts its flagged
 * due dates again, with a history row, without anyone calling it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../../engine/clock.js";
import type { Engine } from "../../engine/engine.js";
import { createEngine } from "../../engine/index.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const reply = {
  key: "reply",
  name: "回复",
  initial: "waiting",
  states: {
    waiting: {
      task: {
        name: "回复来函",
        candidateGroups: ["office"],
        due: "P10D",
        calendar: "workdays",
        outcomes: [{ event: "DONE", label: "已回复" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

/** A timer due at once, then a task and a timer 10 working days later, written by the worker's batch. */
const relay = {
  key: "relay",
  name: "接力",
  initial: "first",
  states: {
    first: { after: [{ delay: "PT0S", target: "second" }] },
    second: {
      task: {
        name: "接力任务",
        candidateGroups: ["office"],
        due: "P10D",
        calendar: "workdays",
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      after: [{ delay: "P10D", calendar: "workdays", target: "done" }],
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

let database: TestDatabase;
let engine: Engine;
beforeAll(async () => {
  database = await createTestDatabase();
  // Friday 18 December 2026, 09:00 in Beijing.
  engine = await createEngine({
    database: database.url,
    clock: createManualClock("2026-12-18T01:00:00.000Z"),
  });
  await engine.definitions.publish(reply);
  await engine.definitions.publish(relay);
});
afterAll(async () => {
  await engine?.close();
  await database?.drop();
});

describe("a calendar change announced by NOTIFY alone", () => {
  it("(before it) flags weekend-only due dates written by a timer's batch too", async () => {
    const instance = await engine.instances.start("relay", {});
    await engine.runDueJobs();
    expect(await engine.calendar.flagged({ instanceId: instance.id })).toEqual([
      expect.objectContaining({ kind: "task", dueAt: new Date("2027-01-01T01:00:00.000Z") }),
      expect.objectContaining({ kind: "timer", dueAt: new Date("2027-01-01T01:00:00.000Z") }),
    ]);
  });

  it("is loaded, and the engine counts its weekend-only due dates again", async () => {
    const instance = await engine.instances.start("reply", {});
    const [task] = (await engine.tasks.list({ instanceId: instance.id })).items;
    expect(task).toMatchObject({
      dueAt: new Date("2027-01-01T01:00:00.000Z"),
      calendarIncomplete: true,
    });

    // TEST DATA for 2027 (not the official arrangement), entered by hand, then announced.
    await engine.database.db.execute(sql`
      insert into calendar_days (date, year, kind, name) values ('2027-01-01', 2027, 'holiday', '元旦')`);
    await engine.database.db.execute(sql`
      insert into calendar_years (year, complete, updated_by, updated_at) values (2027, true, 'dba', now())`);
    await engine.database.db.execute(sql`select pg_notify('zhiben_calendar', '2027')`);

    let moved = await engine.tasks.get(task!.id);
    for (let waited = 0; moved.calendarIncomplete && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      moved = await engine.tasks.get(task!.id);
    }
    expect(moved).toMatchObject({
      dueAt: new Date("2027-01-04T01:00:00.000Z"),
      calendarIncomplete: false,
    });
    expect(engine.calendar.current().isWorkday("2027-01-01")).toBe(false);
    const history = await engine.instances.history(instance.id);
    expect(history.at(-1)).toMatchObject({ kind: "calendar", actor: "system" });
    expect(await engine.calendar.countFlagged()).toEqual({ tasks: 0, timers: 0 });
  });
});
