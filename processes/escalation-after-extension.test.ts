/**
 * DOMAIN.md, “An approved extension and a running escalation”: with the township's rule
 * `escalationAfterExtension: "continue"` an approved extension suspends the escalation at the
 * level it reached, and a hazard overdue again continues it from that level (not from 函告);
 * with the default `end` the extension ends it (hazard-closure.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEntry, noNames } from "../designer/src/components/history-words.js";
import type { Instance } from "../engine/types.js";
import { createProcessScenario, type ProcessScenario } from "./process-scenario.js";
import {
  createTownshipSettings,
  type EscalationAfterExtension,
} from "./settings/township-settings.js";

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2026-09-01T09:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

const get = (id: string) => s.engine.instances.get(id);
const setRule = (rule: EscalationAfterExtension) =>
  createTownshipSettings({ db: s.engine.database.db, clock: s.clock }).set(
    { escalationAfterExtension: rule },
    "qianli",
  );

/** The history of an instance as people read it: “who what” per row. */
async function historyWords(instanceId: string): Promise<string[]> {
  const instance = await get(instanceId);
  const { definition } = await s.engine.definitions.get(instance.processKey, instance.version);
  return (await s.history(instanceId)).map((entry) => {
    const { who, what } = describeEntry(
      { ...entry, at: entry.at.toISOString() },
      definition,
      noNames,
    );
    return `${who} ${what}`;
  });
}

/** A hazard overdue since 15 September 2026: its escalation is at 函告, the letter not sent. */
async function overdueHazard(): Promise<{ hazard: Instance; escalation: Instance }> {
  s.clock.set("2026-09-01T09:00:00+08:00");
  const hazard = await s.engine.instances.start("hazard-closure", {
    title: "冷库液氨管道腐蚀",
    enterpriseId: "binhai-cold",
    source: "inspection",
    foundAt: "2026-08-28",
  });
  await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "冷库企业重大事故隐患判定标准第三条" });
  await s.complete(hazard.id, "SUBMIT_PLAN", {
    measures: "更换腐蚀管段",
    funds: 30000,
    rectifyDeadline: "2026-09-15",
    responsible: "李海",
    emergencyPlan: "液氨泄漏现场处置方案",
  });
  await s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
  await s.runAt("2026-09-15T23:59:59+08:00");
  const [escalation] = await s.children(hazard.id);
  if (!escalation) throw new Error("the overdue hazard started no escalation");
  return { hazard, escalation };
}

/** The same, its escalation at 通报 (level 2) since 2 October. */
async function hazardAtCircular(): Promise<{ hazard: Instance; escalation: Instance }> {
  const { hazard, escalation } = await overdueHazard();
  s.clock.set("2026-09-17T10:00:00+08:00");
  await s.complete(escalation.id, "LETTER_SENT", { letterNo: "铁安监督〔2026〕9号" });
  await s.runAt("2026-10-02T10:00:00+08:00");
  const atCircular = await get(escalation.id);
  expect(atCircular.activeStates).toEqual(["circular"]);
  return { hazard, escalation: atCircular };
}

async function approveExtension(hazardId: string, deadline: string) {
  await s.complete(hazardId, "REQUEST_EXTENSION", {
    requestedDeadline: deadline,
    extensionReason: "管材到货延迟",
  });
  await s.complete(hazardId, "APPROVE_EXTENSION", { rectifyDeadline: deadline });
  await s.engine.runDueJobs();
}

describe("an escalation after an approved extension, by the township's rule", () => {
  it("by default ends, and the escalation says which rule it followed", async () => {
    await setRule("end");
    const { hazard, escalation } = await hazardAtCircular();
    expect(escalation.vars.afterExtension).toBe("end");
    s.clock.set("2026-10-05T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-11-30");
    expect((await get(escalation.id)).activeStates).toEqual(["extended"]);
  });

  it("with “continue”, suspends at the level reached and continues from it when overdue again", async () => {
    await setRule("continue");
    const { hazard, escalation } = await hazardAtCircular();
    expect(escalation.vars).toMatchObject({ afterExtension: "continue", level: 2 });

    s.clock.set("2026-10-05T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-11-30");
    const suspended = await get(escalation.id);
    expect(suspended.status).toBe("running");
    expect(suspended.activeStates).toEqual(["suspended"]);
    expect(suspended.vars).toMatchObject({
      level: 2,
      suspendedLevel: 2,
      extendedTo: "2026-11-30",
      suspendedAt: "2026-10-05",
    });
    // The 通报 task is withdrawn while the extended deadline runs; the hazard is not overdue
    // and not counted at a level.
    expect(await s.openTasks(escalation.id)).toEqual([]);
    const waiting = await get(hazard.id);
    expect(waiting.vars).toMatchObject({ overdue: false, escalationSuspended: true });
    expect(waiting.vars.escalationLevel ?? null).toBeNull();
    expect(await historyWords(escalation.id)).toContain("系统 整改期限已获批延期，督办暂停");
    expect(await historyWords(hazard.id)).toContain(
      "系统 整改期限已延期，督办暂停（再逾期时在原级别继续）",
    );

    // A second extension keeps it suspended.
    s.clock.set("2026-11-20T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-12-15");
    expect((await get(escalation.id)).activeStates).toEqual(["suspended"]);
    await s.runAt("2026-11-30T23:59:59+08:00");
    expect((await get(hazard.id)).vars.overdue).toBe(false);

    // Overdue again: the same escalation goes on at 通报, no new one at 函告.
    await s.runAt("2026-12-15T23:59:59+08:00");
    expect(await s.children(hazard.id)).toHaveLength(1);
    const resumed = await get(escalation.id);
    expect(resumed.activeStates).toEqual(["circular"]);
    expect(resumed.vars).toMatchObject({ level: 2, resumedAt: "2026-12-15" });
    expect(
      (await s.inbox("township-leader")).find((t) => t.instanceId === escalation.id)?.name,
    ).toBe("通报批评");
    const overdue = await get(hazard.id);
    expect(overdue.vars).toMatchObject({
      overdue: true,
      escalationLevel: 2,
      escalationSuspended: false,
    });
    expect(await historyWords(escalation.id)).toContain("系统 隐患再次逾期，在原级别继续督办");
    expect(await historyWords(hazard.id)).toContain("系统 整改再次逾期：督办在原级别继续");
    const notice = s.notifications.find(
      (n) => n.instanceId === hazard.id && n.message.includes("督办在原级别继续"),
    );
    expect(notice?.title).toBe("重大事故隐患逾期未整改");
    expect(notice?.message).toContain("2026-12-15");

    // And climbs on from there: 通报 → 约谈.
    s.clock.set("2026-12-17T10:00:00+08:00");
    await s.complete(escalation.id, "CIRCULATED", { circularNo: "铁安委通〔2026〕5号" });
    await s.runAt("2027-01-01T10:00:00+08:00");
    expect((await get(escalation.id)).activeStates).toEqual(["interview"]);
    expect((await get(hazard.id)).vars.escalationLevel).toBe(3);
  });

  it("with “continue”, resumes an escalation suspended at 函告 at 函告 (a new letter)", async () => {
    await setRule("continue");
    const { hazard, escalation } = await overdueHazard();
    s.clock.set("2026-09-17T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-10-31");
    expect((await get(escalation.id)).activeStates).toEqual(["suspended"]);
    await s.runAt("2026-10-31T23:59:59+08:00");
    expect(await s.children(hazard.id)).toHaveLength(1);
    expect((await get(escalation.id)).activeStates).toEqual(["letter"]);
    expect((await get(hazard.id)).vars).toMatchObject({ overdue: true, escalationLevel: 1 });
  });

  it("with “continue”, ends a suspended escalation as resolved when the hazard is closed", async () => {
    await setRule("continue");
    const { hazard, escalation } = await hazardAtCircular();
    s.clock.set("2026-10-05T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-11-30");
    expect((await get(escalation.id)).activeStates).toEqual(["suspended"]);
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "管段已更换" });
    await s.complete(hazard.id, "RECHECK_PASSED", { recheckOpinion: "已更换" });
    await s.complete(hazard.id, "ACCEPT", { acceptanceOpinion: "合格" });
    await s.engine.runDueJobs();
    const ended = await get(escalation.id);
    expect(ended.activeStates).toEqual(["resolved"]);
    expect(ended.status).toBe("completed");
    expect(await historyWords(escalation.id)).toContain("系统 隐患已销号");
  });

  it("follows the rule in force when the escalation started", async () => {
    await setRule("continue");
    const { hazard, escalation } = await hazardAtCircular();
    await setRule("end");
    s.clock.set("2026-10-05T09:00:00+08:00");
    await approveExtension(hazard.id, "2026-11-30");
    expect((await get(escalation.id)).activeStates).toEqual(["suspended"]);
  });
});
