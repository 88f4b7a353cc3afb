import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardRejectedError, ValidationError } from "../engine/errors.js";
import type { Instance } from "../engine/types.js";
import { createProcessScenario, type ProcessScenario } from "./process-scenario.js";

const hazardVars = {
  title: "液氨储罐区未设置泄漏报警装置",
  enterpriseId: "binhai-cold",
  source: "inspection",
  foundAt: "2026-08-28",
};

const at = (local: string) => new Date(`${local}+08:00`);

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2026-09-01T09:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

/** A hazard whose deadline, 29 September 2026, has just passed: its escalation is at the letter. */
async function overdueHazard(): Promise<{ hazard: Instance; escalation: Instance }> {
  s.clock.set("2026-09-01T09:00:00+08:00");
  const hazard = await s.engine.instances.start("hazard-closure", hazardVars);
  await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "冷库企业重大事故隐患判定标准第三条" });
  await s.complete(hazard.id, "SUBMIT_PLAN", {
    measures: "加装氨泄漏报警仪并与风机联锁",
    funds: 45000,
    rectifyDeadline: "2026-09-29",
    responsible: "李海（安全主管）",
    emergencyPlan: "液氨泄漏现场处置方案",
  });
  await s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
  await s.runAt("2026-09-29T23:59:59+08:00");
  const [escalation] = await s.children(hazard.id);
  if (!escalation) throw new Error("the overdue hazard started no escalation");
  return { hazard, escalation };
}

const get = (id: string) => s.engine.instances.get(id);
const inboxOf = async (group: string, instanceId: string) =>
  (await s.inbox(group)).filter((t) => t.instanceId === instanceId);

// Each step takes the escalation from one state to the next, at the times of the full chain.
const steps: Record<string, (id: string) => Promise<unknown>> = {
  letter: async (id) => {
    s.clock.set("2026-10-08T10:00:00+08:00");
    await s.complete(id, "LETTER_SENT", { letterNo: "铁安监督〔2026〕7号" });
  },
  afterLetter: () => s.runAt("2026-10-23T10:00:00+08:00"),
  circular: async (id) => {
    s.clock.set("2026-10-26T10:00:00+08:00");
    await s.complete(id, "CIRCULATED", { circularNo: "铁安委通〔2026〕3号" });
  },
  afterCircular: () => s.runAt("2026-11-10T10:00:00+08:00"),
  interview: async (id) => {
    s.clock.set("2026-11-12T15:00:00+08:00");
    await s.complete(id, "INTERVIEWED", {
      interviewMinutes: "约谈企业法定代表人，指出逾期未整改问题",
      commitments: "11月30日前完成报警仪安装",
    });
  },
  afterInterview: () => s.runAt("2026-12-02T15:00:00+08:00"),
};
const order = [
  "letter",
  "afterLetter",
  "circular",
  "afterCircular",
  "interview",
  "afterInterview",
  "enforcement",
];

async function escalationAt(state: string): Promise<{ hazard: Instance; escalation: Instance }> {
  const { hazard, escalation } = await overdueHazard();
  for (const step of order.slice(0, order.indexOf(state))) await steps[step]!(escalation.id);
  const current = await get(escalation.id);
  expect(current.activeStates).toEqual([state]);
  return { hazard, escalation: current };
}

describe("rectification-escalation", () => {
  it("refuses a start without an enterprise", async () => {
    await expect(
      s.engine.instances.start("rectification-escalation", {
        hazardId: "h-1",
        title: "无企业",
        enterpriseName: "某企业",
        village: "tf02",
        rectifyDeadline: "2026-09-29",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("climbs 函告 → 通报 → 约谈 → 执法 with the right task in the right inbox at each level", async () => {
    const { hazard, escalation } = await overdueHazard();
    const id = escalation.id;

    // Level 1: the letter is due in 2 working days, which skip National Day (1–7 October).
    expect(escalation.vars.level).toBe(1);
    expect((await get(hazard.id)).vars).toMatchObject({ overdue: true, escalationLevel: 1 });
    const [letter] = await inboxOf("safety-office", id);
    expect(letter?.name).toBe("发送督办函");
    expect(letter?.dueAt).toEqual(at("2026-10-08T23:59:59"));
    expect(await inboxOf("township-leader", id)).toEqual([]);
    expect(await inboxOf("enterprise-binhai-cold", id)).toEqual([]);
    await steps.letter!(id);
    expect((await get(id)).activeStates).toEqual(["afterLetter"]);
    expect(await s.openTasks(id)).toEqual([]);

    // What the case view says comes next: the circular, and when.
    expect(await s.engine.instances.timers(id)).toEqual([
      {
        state: "afterLetter",
        target: "circular",
        label: "函告后仍未整改",
        dueAt: at("2026-10-23T10:00:00"),
      },
    ]);
    // 15 days after the letter, to the second.
    await s.runAt("2026-10-23T09:59:59+08:00");
    expect((await get(id)).activeStates).toEqual(["afterLetter"]);
    await s.runAt("2026-10-23T10:00:00+08:00");
    expect((await get(id)).vars.level).toBe(2);
    expect((await get(hazard.id)).vars.escalationLevel).toBe(2);
    const [circular] = await inboxOf("township-leader", id);
    expect(circular?.name).toBe("通报批评");
    expect(circular?.dueAt).toEqual(at("2026-10-28T10:00:00")); // 3 working days
    expect(await inboxOf("safety-office", id)).toEqual([]);
    await steps.circular!(id);

    await s.runAt("2026-11-10T09:59:59+08:00");
    expect((await get(id)).activeStates).toEqual(["afterCircular"]);
    await s.runAt("2026-11-10T10:00:00+08:00");
    expect((await get(id)).vars.level).toBe(3);
    expect((await get(hazard.id)).vars.escalationLevel).toBe(3);
    const [interview] = await inboxOf("township-leader", id);
    expect(interview?.name).toBe("约谈企业主要负责人");
    expect(interview?.dueAt).toEqual(at("2026-11-17T10:00:00")); // 5 working days
    await steps.interview!(id);

    // 20 days after the summons.
    await s.runAt("2026-12-02T14:59:59+08:00");
    expect((await get(id)).activeStates).toEqual(["afterInterview"]);
    await s.runAt("2026-12-02T15:00:00+08:00");
    const enforcement = await get(id);
    expect(enforcement.activeStates).toEqual(["enforcement"]);
    expect(enforcement.vars.level).toBe(4);
    expect((await get(hazard.id)).vars.escalationLevel).toBe(4);
    const [enforce] = await inboxOf("law-enforcement", id);
    expect(enforce?.name).toBe("停产整顿/联合惩戒");
    expect(await inboxOf("township-leader", id)).toEqual([]);

    const escalated = await s.complete(id, "ENFORCED", {
      measure: "suspension",
      decisionNo: "铁执罚〔2026〕12号",
    });
    expect(escalated.activeStates).toEqual(["escalated"]);
    expect(escalated.status).toBe("completed");
    await s.engine.runDueJobs();
    const after = await get(hazard.id);
    expect(after.activeStates).toEqual(["rectifying"]);
    expect(after.vars).toMatchObject({ escalationOutcome: "escalated", overdue: true });
  });

  it.each([
    ["letter", 1],
    ["afterLetter", 1],
    ["afterCircular", 2],
    ["afterInterview", 3],
    ["enforcement", 4],
  ])(
    "ends as resolved when the hazard is closed during %s (level %i), with nothing firing later",
    async (state, level) => {
      const { hazard, escalation } = await escalationAt(state);
      expect(escalation.vars.level).toBe(level);

      await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "报警仪已安装并联锁" });
      await s.complete(hazard.id, "RECHECK_PASSED", {});
      await s.complete(hazard.id, "ACCEPT", { acceptanceOpinion: "合格" });
      await s.engine.runDueJobs();
      const resolved = await get(escalation.id);
      expect(resolved.status).toBe("completed");
      expect(resolved.activeStates).toEqual(["resolved"]);
      expect(await s.openTasks(escalation.id)).toEqual([]);

      const history = await s.history(escalation.id);
      await s.runAt("2027-12-31T00:00:00+08:00");
      const later = await get(escalation.id);
      expect(later.activeStates).toEqual(["resolved"]);
      expect(later.revision).toBe(resolved.revision);
      expect(await s.history(escalation.id)).toHaveLength(history.length);
    },
  );

  it("counts each wait from the date on the document, so a letter recorded late does not buy time", async () => {
    const { escalation } = await overdueHazard();
    const id = escalation.id;
    s.clock.set("2026-10-09T10:00:00+08:00");
    const future = await s.expectRefused(
      id,
      "LETTER_SENT",
      { letterNo: "铁安监督〔2026〕8号", letterSentAt: "2026-10-10" },
      GuardRejectedError,
    );
    expect((future as GuardRejectedError).problems).toEqual([
      { path: "letterSentAt", message: "发函日期不能晚于今天" },
    ]);
    // Sent on 30 September, recorded on 9 October: the circular follows on 15 October.
    await s.complete(id, "LETTER_SENT", {
      letterNo: "铁安监督〔2026〕8号",
      letterSentAt: "2026-09-30",
    });
    await s.runAt("2026-10-14T23:59:59+08:00");
    expect((await get(id)).activeStates).toEqual(["afterLetter"]);
    await s.runAt("2026-10-15T00:00:00+08:00");
    expect((await get(id)).activeStates).toEqual(["circular"]);

    s.clock.set("2026-10-16T10:00:00+08:00");
    await s.complete(id, "CIRCULATED", {
      circularNo: "铁安委通〔2026〕4号",
      circularAt: "2026-10-15",
    });
    await s.runAt("2026-10-30T00:00:00+08:00");
    expect((await get(id)).activeStates).toEqual(["interview"]);
    await s.complete(id, "INTERVIEWED", {
      interviewMinutes: "约谈法定代表人",
      commitments: "限期整改",
      interviewedAt: "2026-10-30",
    });
    await s.runAt("2026-11-19T00:00:00+08:00");
    expect((await get(id)).activeStates).toEqual(["enforcement"]);
    s.clock.set("2026-09-01T09:00:00+08:00");
  });
});
