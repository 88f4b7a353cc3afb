import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./api-harness.js";

/** TEST DATA, not the official 2027 arrangement. */
const body2027 = {
  days: [
    { date: "2027-01-01", kind: "holiday", name: "元旦" },
    { date: "2027-02-06", kind: "holiday", name: "春节" },
    { date: "2027-02-20", kind: "workday", name: "春节调休" },
  ],
  complete: true,
};

/** A notice due in 10 working days, with a task and a timer. */
const reminder = {
  key: "reminder",
  name: "提醒",
  visibility: ["safety-office"],
  initial: "waiting",
  states: {
    waiting: {
      task: {
        name: "回复",
        candidateGroups: ["safety-office"],
        due: "P10D",
        calendar: "workdays",
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      after: [{ delay: "P10D", calendar: "workdays", target: "late" }],
      on: { DONE: "finished" },
    },
    late: { type: "final" },
    finished: { type: "final" },
  },
};

let h: ApiHarness;
let admin: string;
let staff: string;
let instanceId: string;
beforeAll(async () => {
  h = await createApiHarness({ start: "2026-12-18T09:00:00+08:00" });
  admin = await h.signIn("cal-admin", ["calendar-admin"]);
  staff = await h.signIn("cal-staff", ["safety-office"]);
  await h.engine.definitions.publish(reminder);
  instanceId = (await h.engine.instances.start("reminder", {})).id;
  h.clock.set("2026-11-29T09:00:00+08:00");
});

const incompleteMetric = async () => {
  const text = await (await h.call("GET", "/metrics")).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("zhiben_calendar_incomplete_deadlines{"))
    .sort();
};
afterAll(async () => {
  await h.close();
});

describe("GET/PUT /api/calendar/{year}", () => {
  it("shows deadlines counted into 2027 by weekends alone on the instance and in /metrics", async () => {
    const detail = (await (
      await h.call("GET", `/api/instances/${instanceId}`, { token: staff })
    ).json()) as { tasks: { calendarIncomplete: boolean }[]; calendarIncomplete: unknown[] };
    expect(detail.tasks.map((t) => t.calendarIncomplete)).toEqual([true]);
    expect(detail.calendarIncomplete).toEqual([
      { kind: "task", state: "waiting", name: "回复", dueAt: "2027-01-01T01:00:00.000Z" },
      { kind: "timer", state: "waiting", name: null, dueAt: "2027-01-01T01:00:00.000Z" },
    ]);
    expect(await incompleteMetric()).toEqual([
      'zhiben_calendar_incomplete_deadlines{kind="task"} 1',
      'zhiben_calendar_incomplete_deadlines{kind="timer"} 1',
    ]);
  });

  it("lets every signed-in user read a year, with each day's source", async () => {
    const response = await h.call("GET", "/api/calendar/2026", { token: staff });
    expect(response.status).toBe(200);
    const year = (await response.json()) as { complete: boolean; days: unknown[] };
    expect(year.complete).toBe(true);
    expect(year.days).toContainEqual({
      date: "2026-02-14",
      kind: "workday",
      name: "春节调休",
      source: "package",
    });
    const unknown = await (await h.call("GET", "/api/calendar/2027", { token: staff })).json();
    expect(unknown).toEqual({
      year: 2027,
      complete: false,
      days: [],
      updatedBy: null,
      updatedAt: null,
    });
    expect((await h.call("GET", "/api/calendar/2027")).status).toBe(401);
  });

  it("lets only calendar-admin replace a year, and the change is read back", async () => {
    expect(
      (await h.call("PUT", "/api/calendar/2027", { token: staff, body: body2027 })).status,
    ).toBe(403);
    const response = await h.call("PUT", "/api/calendar/2027", { token: admin, body: body2027 });
    expect(response.status).toBe(200);
    const change = (await response.json()) as Record<string, unknown>;
    expect(change).toMatchObject({
      year: 2027,
      complete: true,
      recomputed: { tasks: 1, timers: 1, instances: 1 },
      warnings: [],
      updatedAt: "2026-11-29T01:00:00.000Z",
    });
    const read = (await (await h.call("GET", "/api/calendar/2027", { token: staff })).json()) as {
      days: unknown[];
      updatedBy: string;
    };
    expect(read.days).toEqual(body2027.days.map((d) => ({ ...d, source: "admin" })));
    expect(read.updatedBy).not.toBeNull();
    expect(h.engine.calendar.current().isWorkday("2027-02-20")).toBe(true);

    const detail = (await (
      await h.call("GET", `/api/instances/${instanceId}`, { token: staff })
    ).json()) as {
      tasks: { dueAt: string; calendarIncomplete: boolean }[];
      calendarIncomplete: [];
    };
    expect(detail.calendarIncomplete).toEqual([]);
    // 元旦 is off: the tenth working day is Monday 4 January.
    expect(detail.tasks).toMatchObject([
      { dueAt: "2027-01-04T01:00:00.000Z", calendarIncomplete: false },
    ]);
    expect(await incompleteMetric()).toEqual([
      'zhiben_calendar_incomplete_deadlines{kind="task"} 0',
      'zhiben_calendar_incomplete_deadlines{kind="timer"} 0',
    ]);
  });

  it("answers bad input with 400 and each field's problem, saving nothing", async () => {
    const bad = await h.call("PUT", "/api/calendar/2027", {
      token: admin,
      body: {
        days: [
          { date: "2027-02-07", kind: "holiday", name: "春节" },
          { date: "2027-02-07", kind: "workday", name: "春节调休" },
        ],
        complete: true,
      },
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; errors: unknown[] };
    expect(problem.code).toBe("VALIDATION");
    expect(problem.errors).toEqual([
      { path: "days.1.date", message: "2027-02-07 已在第 1 项出现，同一天只能是放假或上班之一" },
    ]);
    const pasted = await h.call("PUT", "/api/calendar/2027", {
      token: admin,
      body: "春节：2月6日至13日放假调休，共8天。",
    });
    expect(pasted.status).toBe(400);
    expect((await h.call("GET", "/api/calendar/1999", { token: staff })).status).toBe(400);
    expect((await h.call("GET", "/api/calendar/abc", { token: staff })).status).toBe(400);
    const after = (await (await h.call("GET", "/api/calendar/2027", { token: staff })).json()) as {
      days: unknown[];
    };
    expect(after.days).toHaveLength(3);

    // One audited change: the refused ones left no trace.
    const audit = (await (
      await h.call("GET", "/api/calendar/2027/changes", { token: staff })
    ).json()) as { items: Record<string, unknown>[] };
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: expect.any(String),
      at: "2026-11-29T01:00:00.000Z",
      before: { complete: false, days: [] },
      after: { complete: true, days: body2027.days },
      recomputed: { tasks: 1, timers: 1, instances: 1 },
    });
  });
});
