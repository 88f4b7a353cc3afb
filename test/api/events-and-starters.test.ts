/**
 * Regression (issue 11, findings 4 and 5). `hotline`, which may not read a
 * hazard, sent DISMISS with `{reason, injectedVar, village: "tf03", closedLate:
 * true}`: 200, the data merged unchecked (the case moved to another village) and
 * the reply showed the hazard's variables. And anyone could start anything: an
 * enterprise a hazard against another enterprise, an escalation, an accident
 * with 40 deaths. Now an event goes only to an instance the sender may read,
 * its data is checked like a form, and `starters` says who may start what.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadProcesses } from "../../processes/load-processes.js";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let office: string;
let admin: string;
let hotline: string;
let hongda: string;
let villageOfficer: string;
let leader: string;

const hazard = (overrides: Record<string, unknown> = {}) => ({
  processKey: "hazard-closure",
  variables: {
    title: "砂光车间除尘系统未设置泄爆装置",
    enterpriseId: "hongda",
    enterpriseName: "红达木业有限公司",
    village: "tf01",
    industry: "工贸",
    source: "inspection",
    foundAt: "2025-03-01",
    ...overrides,
  },
});

const accident = (deaths: number) => ({
  processKey: "accident-investigation",
  variables: {
    title: "机械伤害事故",
    occurredAt: "2025-03-02T10:00:00+08:00",
    location: "一车间",
    enterpriseId: "xinda",
    enterpriseName: "鑫达机械",
    village: "tf02",
    industry: "工贸",
    deaths,
    seriousInjuries: 0,
    directLoss: 100000,
    summary: "冲床伤人",
  },
});

type InstanceJson = { id: string; vars: Record<string, unknown>; visibleTo?: string[] };
type ProblemJson = { status: number; code?: string; errors?: { path: string }[] };

beforeAll(async () => {
  h = await createApiHarness({ start: "2025-03-03T09:00:00+08:00" });
  await loadProcesses(h.engine);
  office = await h.signIn("office-ev", ["safety-office"]);
  admin = await h.signIn("admin-ev", ["process-admin"]);
  hotline = await h.signIn("hotline-ev", ["integration"]);
  hongda = await h.signIn("hongda-ev", ["enterprise-hongda"]);
  villageOfficer = await h.signIn("tf01-ev", ["village-tf01"]);
  leader = await h.signIn("leader-ev", ["township-leader"]);
});
afterAll(async () => h?.close());

describe("events are checked like forms", () => {
  test("an event to a hazard the sender may not read is refused like a read, and shows nothing", async () => {
    // A hazard whose enterprise (not the hotline) may read it.
    const started = await h.call("POST", "/api/instances", { token: office, body: hazard() });
    expect(started.status).toBe(201);
    const { id } = await json<InstanceJson>(started);
    const response = await h.call("POST", `/api/instances/${id}/events`, {
      token: hotline,
      body: {
        type: "DISMISS",
        data: { reason: "x", injectedVar: 1, village: "tf03", closedLate: true },
      },
    });
    const text = await response.text();
    expect(response.status).toBe(403);
    expect(text).not.toContain("砂光车间");
    const after = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${id}`, { token: office }),
    );
    expect(after.vars).toMatchObject({ village: "tf01" });
    expect(after.vars).not.toHaveProperty("closedLate");
  });

  test("data outside the task's form is 400 with each field; engine-owned variables stay", async () => {
    const { id } = await json<InstanceJson>(
      await h.call("POST", "/api/instances", { token: office, body: hazard() }),
    );
    const response = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: {
        type: "DISMISS",
        data: { reason: "不构成", injectedVar: 1, village: "tf03", closedLate: true },
      },
    });
    expect(response.status).toBe(400);
    const problem = await json<ProblemJson>(response);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      "closedLate",
      "injectedVar",
      "village",
    ]);
    const detail = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${id}`, { token: office }),
    );
    expect(detail.vars.village).toBe("tf01");

    // The same through the task: the form decides too.
    const tasks = await json<{ items: { id: string; instanceId: string }[] }>(
      await h.call("GET", "/api/tasks?processKey=hazard-closure", { token: office }),
    );
    const task = tasks.items.find((t) => t.instanceId === id)!;
    const completed = await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: office,
      body: { outcome: "DISMISS", data: { reason: "不构成", village: "tf03" } },
    });
    expect(completed.status).toBe(400);
    expect((await json<ProblemJson>(completed)).errors).toEqual([
      expect.objectContaining({ path: "village" }),
    ]);
    const dismissed = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: { type: "DISMISS", data: { reason: "不构成重大隐患" } },
    });
    expect(dismissed.status).toBe(200);
  });

  test("an event declared in `events` is sent by its groups with its schema; others are refused", async () => {
    const { id } = await json<InstanceJson>(
      await h.call("POST", "/api/instances", { token: office, body: accident(1) }),
    );
    // ESCALATION_LEVEL-like engine events cannot be sent by hand to a definition that declares `events`.
    const undeclared = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: { type: "HAZARD_CLOSED" },
    });
    expect(undeclared.status).toBe(403);
    const outside = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: { type: "CASUALTIES_CORRECTED", data: { deaths: 2, grade: "general" } },
    });
    expect(outside.status).toBe(400);
    expect((await json<ProblemJson>(outside)).errors).toEqual([
      expect.objectContaining({ path: "grade" }),
    ]);
    const wrongType = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: { type: "CASUALTIES_CORRECTED", data: { deaths: "many" } },
    });
    expect(wrongType.status).toBe(400);
    const corrected = await h.call("POST", `/api/instances/${id}/events`, {
      token: admin,
      body: { type: "CASUALTIES_CORRECTED", data: { deaths: 2 } },
    });
    expect(corrected.status).toBe(200);
    expect((await json<InstanceJson>(corrected)).vars).toMatchObject({ deaths: 2 });
  });
});

describe("starters say who may start what", () => {
  test("an enterprise starts a hazard for itself only", async () => {
    const own = await h.call("POST", "/api/instances", {
      token: hongda,
      body: hazard({ source: "self-report" }),
    });
    expect(own.status).toBe(201);
    const other = await h.call("POST", "/api/instances", {
      token: hongda,
      body: hazard({ enterpriseId: "xinda", enterpriseName: "鑫达机械" }),
    });
    expect(other.status).toBe(403);
    expect(await json(other)).toMatchObject({ code: "FORBIDDEN" });
  });

  test("a village's officers start hazards in their village only", async () => {
    expect(
      (await h.call("POST", "/api/instances", { token: villageOfficer, body: hazard() })).status,
    ).toBe(201);
    expect(
      (
        await h.call("POST", "/api/instances", {
          token: villageOfficer,
          body: hazard({ village: "tf03" }),
        })
      ).status,
    ).toBe(403);
  });

  test("an enterprise may not start an escalation or an accident; the office and the leader may", async () => {
    const escalation = await h.call("POST", "/api/instances", {
      token: hongda,
      body: {
        processKey: "rectification-escalation",
        variables: {
          hazardId: "00000000-0000-4000-8000-000000000000",
          title: "x",
          enterpriseId: "hongda",
          enterpriseName: "红达",
          village: "tf01",
          rectifyDeadline: "2025-03-01",
        },
      },
    });
    expect(escalation.status).toBe(403);
    const byEnterprise = await h.call("POST", "/api/instances", {
      token: hongda,
      body: accident(40),
    });
    expect(byEnterprise.status).toBe(403);
    const before = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/instances?processKey=accident-investigation", { token: admin }),
    );
    const byLeader = await h.call("POST", "/api/instances", { token: leader, body: accident(0) });
    expect(byLeader.status).toBe(201);
    const after = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/instances?processKey=accident-investigation", { token: admin }),
    );
    expect(after.items).toHaveLength(before.items.length + 1);
  });

  test("start variables the definition does not list are refused", async () => {
    // fixture-report's variables schema lists title, village, reporterPhone and allows more.
    await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
    const response = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "fixture-report",
        variables: { title: "t", village: "v1", overdue: true, escalationLevel: 3 },
      },
    });
    expect(response.status).toBe(400);
    expect((await json<ProblemJson>(response)).errors?.map((e) => e.path).sort()).toEqual([
      "escalationLevel",
      "overdue",
    ]);
  });
});
