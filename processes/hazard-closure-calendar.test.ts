/**
 * A working-day deadline that reaches into 2027 before the 2027 holidays exist: counted by
 * weekends alone and flagged; then an administrator enters 2027 and the deadline moves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CalendarDay } from "../engine/calendar/working-calendar.js";
import type { Instance } from "../engine/types.js";
import { actorIn, createProcessScenario, type ProcessScenario } from "./process-scenario.js";

/**
 * TEST DATA, not the official 2027 arrangement (unknown when this was written): plausible
 * days in the State Council's usual pattern.
 */
const TEST_DATA_2027: CalendarDay[] = [
  { date: "2027-01-01", kind: "holiday", name: "元旦" },
  { date: "2027-01-02", kind: "holiday", name: "元旦" },
  { date: "2027-01-03", kind: "holiday", name: "元旦" },
  ...["06", "07", "08", "09", "10", "11", "12", "13"].map((d) => ({
    date: `2027-02-${d}`,
    kind: "holiday" as const,
    name: "春节",
  })),
  { date: "2027-02-14", kind: "workday", name: "春节调休" },
  { date: "2027-02-20", kind: "workday", name: "春节调休" },
];

const calendarAdmin = { id: "calendar-admin-user", groups: ["calendar-admin"] };
const at = (local: string) => new Date(`${local}+08:00`);

/** Waits out a late deadline: a timer into 2027, on working days. */
const lateNotice = {
  key: "late-notice",
  name: "到期提醒",
  initial: "waiting",
  states: {
    waiting: {
      after: [{ delay: "P10D", calendar: "workdays", target: "late" }],
      on: { DONE: "finished" },
    },
    late: { type: "final" },
    finished: { type: "final" },
  },
};

/** A visit that goes ahead only on a working day, by `is workday(now)`. */
const siteVisit = {
  key: "site-visit",
  name: "现场检查",
  initial: "planned",
  states: {
    planned: {
      on: {
        GO: [{ target: "visited", guard: "is workday(now)" }, { target: "postponed" }],
      },
    },
    visited: { type: "final" },
    postponed: { type: "final" },
  },
};

let s: ProcessScenario;
beforeAll(async () => {
  // Friday 18 December 2026.
  s = await createProcessScenario("2026-12-18T09:00:00+08:00");
  await s.engine.definitions.publish(lateNotice);
  await s.engine.definitions.publish(siteVisit);
});
afterAll(async () => {
  await s.close();
});

async function registeredHazard(): Promise<Instance> {
  const hazard = await s.engine.instances.start("hazard-closure", {
    title: "液氨管道阀门锈蚀泄漏",
    enterpriseId: "binhai-cold",
    source: "inspection",
    foundAt: "2026-12-17",
  });
  const registered = await s.complete(hazard.id, "CONFIRM_MAJOR", {
    basis: "涉氨制冷企业重大事故隐患判定标准",
  });
  // The enterprise is told at once: that delivery is done before the clock moves on.
  expect(await s.engine.runDueJobs()).toBe(1);
  return s.engine.instances.get(registered.id);
}

const overdueInbox = async () =>
  (await s.engine.tasks.list({ user: actorIn("enterprise-binhai-cold"), overdue: true })).items;

describe("deadlines into a year whose holidays are not entered", () => {
  it("are counted by weekends, flagged, and counted again when the year is entered", async () => {
    const hazard = await registeredHazard();
    const notice = await s.engine.instances.start("late-notice", {});
    const plan = await s.taskFor(hazard.id, "SUBMIT_PLAN");
    // 10 working days from Friday 18 December: 21–25, 28–31 December and, by weekends alone, 1 January.
    expect(plan.dueAt).toEqual(at("2027-01-01T09:00:00"));
    expect(plan.calendarIncomplete).toBe(true);
    expect(s.engine.calendar.current().isComplete(2027)).toBe(false);

    // Saturday 2 January: by weekends alone the plan is already late.
    s.clock.set("2027-01-02T10:00:00+08:00");
    expect((await overdueInbox()).map((t) => t.id)).toEqual([plan.id]);

    const change = await s.engine.calendar.put(
      2027,
      { days: TEST_DATA_2027, complete: true },
      calendarAdmin,
    );
    expect(change.recomputed).toEqual({ tasks: 1, timers: 1, instances: 2 });
    expect(change.complete).toBe(true);

    // New Year's Day is off: the tenth working day is Monday 4 January.
    const moved = await s.engine.tasks.get(plan.id);
    expect(moved.dueAt).toEqual(at("2027-01-04T09:00:00"));
    expect(moved.calendarIncomplete).toBe(false);
    expect(await overdueInbox()).toEqual([]);

    const entry = (await s.history(hazard.id)).at(-1);
    expect(entry).toMatchObject({
      kind: "calendar",
      actor: "calendar-admin-user",
      data: {
        reason: "2027 年节假日安排已录入，按工作日重新计算期限",
        tasks: [
          {
            name: "制定治理方案",
            from: "2027-01-01T01:00:00.000Z",
            to: "2027-01-04T01:00:00.000Z",
            calendarIncomplete: false,
          },
        ],
      },
    });

    // The timer moved the same way: it does not fire on 2 January any more, but on 4 January.
    expect(await s.runAt("2027-01-02T10:00:00+08:00")).toBe(0);
    expect((await s.engine.instances.get(notice.id)).activeStates).toEqual(["waiting"]);
    await s.runAt("2027-01-04T09:00:00+08:00");
    expect((await s.engine.instances.get(notice.id)).activeStates).toEqual(["late"]);
    expect((await s.history(notice.id)).map((h) => h.kind)).toEqual(["start", "calendar", "event"]);
  });

  it("let guards ask is workday(now) of the same calendar", async () => {
    const actor = actorIn("safety-office");
    const visit = async (at: string) => {
      s.clock.set(at);
      const started = await s.engine.instances.start("site-visit", {});
      return (await s.engine.instances.send(started.id, { type: "GO" }, { actor })).activeStates;
    };
    // 元旦 2027 (entered above) is off; Monday 4 January is a working day.
    expect(await visit("2027-01-01T10:00:00+08:00")).toEqual(["postponed"]);
    expect(await visit("2027-01-04T10:00:00+08:00")).toEqual(["visited"]);
  });

  it("count new deadlines with the entered year at once, unflagged", async () => {
    s.clock.set("2026-12-18T09:00:00+08:00");
    const hazard = await registeredHazard();
    const plan = await s.taskFor(hazard.id, "SUBMIT_PLAN");
    expect(plan.dueAt).toEqual(at("2027-01-04T09:00:00"));
    expect(plan.calendarIncomplete).toBe(false);
  });

  it("shows the year's days with where each comes from, and audits nothing on a refusal", async () => {
    const year = await s.engine.calendar.get(2027);
    expect(year.complete).toBe(true);
    expect(year.updatedBy).toBe("calendar-admin-user");
    expect(year.days[0]).toEqual({
      date: "2027-01-01",
      kind: "holiday",
      name: "元旦",
      source: "admin",
    });
    const y2026 = await s.engine.calendar.get(2026);
    expect(y2026.complete).toBe(true);
    expect(y2026.days.find((d) => d.date === "2026-10-10")).toEqual({
      date: "2026-10-10",
      kind: "workday",
      name: "国庆节调休",
      source: "package",
    });

    await expect(
      s.engine.calendar.put(
        2027,
        { days: [{ date: "2028-01-01", kind: "holiday", name: "元旦" }], complete: true },
        calendarAdmin,
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await s.engine.calendar.get(2027)).days).toHaveLength(TEST_DATA_2027.length);
  });
});
