import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardRejectedError, ValidationError } from "../engine/errors.js";
import type { Instance } from "../engine/types.js";
import { Readable } from "node:stream";
import { photoWithGps, smallPdf } from "../test/support/test-files.js";
import { actorIn, createProcessScenario, type ProcessScenario } from "./process-scenario.js";

const hazardVars = {
  title: "除尘系统未按规定设置泄爆装置",
  enterpriseId: "hongda",
  source: "inspection",
  foundAt: "2026-08-31",
};

const plan = (rectifyDeadline: string) => ({
  measures: "加装泄爆片和隔爆阀，停用不合格除尘器",
  funds: 80000,
  rectifyDeadline,
  responsible: "王建国（总经理）",
  emergencyPlan: "粉尘爆炸专项应急预案（2026版）",
});

const at = (local: string) => new Date(`${local}+08:00`);

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2026-09-01T09:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

async function startHazard(overrides: Record<string, unknown> = {}): Promise<Instance> {
  return s.engine.instances.start("hazard-closure", { ...hazardVars, ...overrides });
}

async function rectifyingHazard(deadline: string): Promise<Instance> {
  const hazard = await startHazard();
  await s.complete(hazard.id, "CONFIRM_MAJOR", {
    basis: "《工贸企业重大事故隐患判定标准》第十二条",
  });
  await s.complete(hazard.id, "SUBMIT_PLAN", plan(deadline));
  return s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
}

describe("hazard-closure", () => {
  it("a major hazard's plan is reviewed jointly (会签) by the safety office and the sector department", async () => {
    const hazard = await startHazard();
    await s.complete(hazard.id, "CONFIRM_MAJOR", {
      basis: "《工贸企业重大事故隐患判定标准》第十二条",
    });
    await s.complete(hazard.id, "SUBMIT_PLAN", plan("2026-12-31"));
    const review = await s.openTasks(hazard.id);
    expect(review.map((t) => [t.name, t.candidateGroups]).sort()).toEqual([
      ["审核治理方案", ["safety-office"]],
      ["审核治理方案", ["sector-dept"]],
    ]);
    expect(await s.inbox("sector-dept")).toEqual([
      expect.objectContaining({ instanceId: hazard.id, name: "审核治理方案" }),
    ]);
    const byGroup = (group: string) => review.find((t) => t.candidateGroups[0] === group)!;

    // The office agrees, the department does not: back to the enterprise.
    const office = actorIn("safety-office");
    const dept = actorIn("sector-dept");
    await s.engine.tasks.complete(
      byGroup("safety-office").id,
      { outcome: "APPROVE_PLAN", data: { reviewOpinion: "同意" } },
      office,
    );
    expect((await s.engine.instances.get(hazard.id)).activeStates).toEqual(["planReview"]);
    const { instance: back } = await s.engine.tasks.complete(
      byGroup("sector-dept").id,
      { outcome: "REJECT_PLAN", data: { reviewOpinion: "除尘改造须按行业规范重新设计" } },
      dept,
    );
    expect(back.activeStates).toEqual(["registered"]);
    expect(back.vars.votes).toMatchObject([
      { outcome: "APPROVE_PLAN", group: "safety-office", by: office.id },
      { outcome: "REJECT_PLAN", group: "sector-dept", by: dept.id },
    ]);

    // Resubmitted: a new round, both must agree again.
    await s.complete(hazard.id, "SUBMIT_PLAN", plan("2026-12-31"));
    const again = await s.openTasks(hazard.id);
    expect(again).toHaveLength(2);
    const first = again.find((t) => t.candidateGroups[0] === "sector-dept")!;
    await s.engine.tasks.complete(first.id, { outcome: "APPROVE_PLAN" }, dept);
    const approved = await s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
    expect(approved.activeStates).toEqual(["rectifying"]);
    const decided = (await s.history(hazard.id)).at(-1)!;
    expect(decided.event).toBe("APPROVE_PLAN");
    expect(decided.data?.votes).toMatchObject([
      { outcome: "APPROVE_PLAN", group: "sector-dept" },
      { outcome: "APPROVE_PLAN", group: "safety-office" },
    ]);
  });

  it("refuses a start without an enterprise or with an unknown source", async () => {
    const { enterpriseId: _omitted, ...withoutEnterprise } = hazardVars;
    await expect(
      s.engine.instances.start("hazard-closure", withoutEnterprise),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(startHazard({ source: "rumour" })).rejects.toBeInstanceOf(ValidationError);
    await expect(startHazard({ foundAt: "yesterday" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("started with title, enterpriseId, source and foundAt alone, takes name, village and industry from the directory", async () => {
    const hazard = await s.engine.instances.start("hazard-closure", {
      title: "液氨储罐区未设置泄漏报警装置",
      enterpriseId: "binhai-cold",
      source: "self-report",
      foundAt: "2026-08-30",
    });
    expect(hazard.vars).toMatchObject({
      enterpriseId: "binhai-cold",
      enterpriseName: "滨海冷链物流有限公司",
      village: "tf02",
      villageName: "新华村",
      industry: "冷库",
    });
    expect(hazard.visibleTo).toEqual(
      expect.arrayContaining(["village-tf02", "enterprise-binhai-cold"]),
    );
  });

  it("cannot disagree with its enterprise: typed name, village and industry are replaced", async () => {
    const hazard = await startHazard({
      enterpriseName: "手打的名字",
      village: "tf03",
      industry: "燃气",
    });
    expect(hazard.vars).toMatchObject({
      enterpriseName: "红达木业有限公司",
      village: "tf01",
      industry: "工贸",
    });
  });

  it("refuses an enterprise that is not in the directory, on the field, in Chinese", async () => {
    const error = await startHazard({ enterpriseId: "ghost" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: "enterpriseId", message: "企业：所选企业不存在" },
    ]);
  });

  it("is seen by the office, the leader, its village and its enterprise", async () => {
    const hazard = await startHazard();
    expect(hazard.visibleTo).toEqual(
      expect.arrayContaining([
        "safety-office",
        "township-leader",
        "village-tf01",
        "enterprise-hongda",
      ]),
    );
    expect(hazard.visibleTo).not.toContain("enterprise-other");
    expect(hazard.vars.overdue).toBe(false);
  });

  it("puts the judgement in the safety office's inbox and dismisses only with a reason", async () => {
    const hazard = await startHazard();
    const inbox = await s.inbox("safety-office");
    const task = inbox.find((t) => t.instanceId === hazard.id);
    expect(task?.name).toBe("隐患判定");
    expect(task?.dueAt).toEqual(at("2026-09-04T09:00:00")); // 3 working days
    expect((await s.inbox("enterprise-hongda")).some((t) => t.instanceId === hazard.id)).toBe(
      false,
    );

    expect(
      ((await s.expectRefused(hazard.id, "DISMISS", {}, GuardRejectedError)) as GuardRejectedError)
        .problems,
    ).toEqual([{ path: "reason", message: "须填写不予立案的理由" }]);
    expect(
      (
        (await s.expectRefused(
          hazard.id,
          "CONFIRM_MAJOR",
          { basis: "" },
          GuardRejectedError,
        )) as GuardRejectedError
      ).problems,
    ).toEqual([{ path: "basis", message: "须填写判定依据" }]);

    const dismissed = await s.complete(hazard.id, "DISMISS", {
      reason: "经现场核实，泄爆装置已按规定设置",
    });
    expect(dismissed.activeStates).toEqual(["dismissed"]);
    expect(dismissed.status).toBe("completed");
    expect(await s.openTasks(hazard.id)).toEqual([]);
  });

  it("has a general hazard fixed by the enterprise within 7 days", async () => {
    const hazard = await startHazard();
    const general = await s.complete(hazard.id, "DOWNGRADE_GENERAL", { judgementNote: "一般隐患" });
    expect(general.activeStates).toEqual(["generalFixing"]);
    const [task] = (await s.inbox("enterprise-hongda")).filter((t) => t.instanceId === hazard.id);
    expect(task?.name).toBe("立即整改");
    expect(task?.dueAt).toEqual(at("2026-09-08T09:00:00"));

    await s.expectRefused(hazard.id, "FIXED", {}, ValidationError);
    const closed = await s.complete(hazard.id, "FIXED", { evidence: "已更换防爆电机，照片3张" });
    expect(closed.activeStates).toEqual(["closed"]);
    expect(closed.vars).toMatchObject({ closedAt: "2026-09-01", closedLate: false });
  });

  it("closes a major hazard after plan review, an extension and a failed acceptance", async () => {
    const hazard = await startHazard();
    const registered = await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "判定标准第十二条" });
    expect(registered.activeStates).toEqual(["registered"]);
    const planTask = (await s.inbox("enterprise-hongda")).find((t) => t.instanceId === hazard.id);
    expect(planTask?.name).toBe("制定治理方案");
    expect(planTask?.dueAt).toEqual(at("2026-09-15T09:00:00")); // 10 working days

    // The 五落实 plan: all five parts, funds not negative, a deadline after today and within a year.
    const { emergencyPlan: _none, ...withoutEmergencyPlan } = plan("2026-12-31");
    await s.expectRefused(hazard.id, "SUBMIT_PLAN", withoutEmergencyPlan, ValidationError);
    await s.expectRefused(
      hazard.id,
      "SUBMIT_PLAN",
      { ...plan("2026-12-31"), funds: -1 },
      ValidationError,
    );
    for (const deadline of ["2026-09-01", "2027-09-02"]) {
      const refused = await s.expectRefused(
        hazard.id,
        "SUBMIT_PLAN",
        plan(deadline),
        GuardRejectedError,
      );
      expect((refused as GuardRejectedError).problems).toEqual([
        { path: "rectifyDeadline", message: "整改期限须在今天之后、一年以内" },
      ]);
    }

    expect((await s.complete(hazard.id, "SUBMIT_PLAN", plan("2027-09-01"))).activeStates).toEqual([
      "planReview",
    ]);
    await s.expectRefused(hazard.id, "REJECT_PLAN", {}, GuardRejectedError);
    const rejected = await s.complete(hazard.id, "REJECT_PLAN", {
      reviewOpinion: "期限过长，压缩至年底",
    });
    expect(rejected.activeStates).toEqual(["registered"]);

    await s.complete(hazard.id, "SUBMIT_PLAN", plan("2026-12-31"));
    const rectifying = await s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
    expect(rectifying.activeStates).toEqual(["rectifying"]);
    expect(rectifying.vars).toMatchObject({ ...plan("2026-12-31"), planApprovedAt: "2026-09-01" });
    expect((await s.taskFor(hazard.id, "SUBMIT_FIX")).dueAt).toEqual(at("2026-12-31T23:59:59"));

    // A refused extension goes back to rectifying with the same deadline.
    await s.expectRefused(
      hazard.id,
      "REQUEST_EXTENSION",
      { requestedDeadline: "2027-03-31" },
      GuardRejectedError,
    );
    const asked = { requestedDeadline: "2027-03-31", extensionReason: "泄爆片订货周期长" };
    expect((await s.complete(hazard.id, "REQUEST_EXTENSION", asked)).activeStates).toEqual([
      "extensionReview",
    ]);
    const refused = await s.complete(hazard.id, "REJECT_EXTENSION", {
      extensionOpinion: "理由不充分",
    });
    expect(refused.activeStates).toEqual(["rectifying"]);
    expect((await s.taskFor(hazard.id, "SUBMIT_FIX")).dueAt).toEqual(at("2026-12-31T23:59:59"));

    // An approved extension moves the deadline, the task's due date and the overdue timer.
    await s.complete(hazard.id, "REQUEST_EXTENSION", asked);
    const tooEarly = await s.expectRefused(
      hazard.id,
      "APPROVE_EXTENSION",
      { rectifyDeadline: "2026-12-01" },
      GuardRejectedError,
    );
    // The message is FEEL (`=…`): it names the deadline in force.
    expect((tooEarly as GuardRejectedError).problems).toEqual([
      {
        path: "rectifyDeadline",
        message: "新的整改期限须在今天之后、一年以内，并晚于原期限 2026-12-31",
      },
    ]);
    const extended = await s.complete(hazard.id, "APPROVE_EXTENSION", {
      rectifyDeadline: "2027-03-31",
    });
    expect(extended.activeStates).toEqual(["rectifying"]);
    expect(extended.vars).toMatchObject({
      rectifyDeadline: "2027-03-31",
      overdue: false,
      extensions: 1,
    });
    expect((await s.taskFor(hazard.id, "SUBMIT_FIX")).dueAt).toEqual(at("2027-03-31T23:59:59"));

    await s.runAt("2027-01-05T09:00:00+08:00"); // past the old deadline
    expect((await s.engine.instances.get(hazard.id)).vars.overdue).toBe(false);
    expect(await s.children(hazard.id)).toEqual([]);

    // The village's grid officer rechecks on site before the office's acceptance.
    expect(
      (await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已加装泄爆片" })).activeStates,
    ).toEqual(["onSiteRecheck"]);
    const recheck = (await s.inbox("village-tf01")).find((t) => t.instanceId === hazard.id);
    expect(recheck?.name).toBe("现场复核");
    expect(recheck?.dueAt).toEqual(at("2027-01-08T09:00:00")); // 3 working days
    const noOpinion = await s.expectRefused(hazard.id, "RECHECK_FAILED", {}, GuardRejectedError);
    expect((noOpinion as GuardRejectedError).problems).toEqual([
      { path: "recheckOpinion", message: "退回整改时须填写复核意见" },
    ]);
    expect(
      (await s.complete(hazard.id, "RECHECK_FAILED", { recheckOpinion: "隔爆阀未到货" }))
        .activeStates,
    ).toEqual(["rectifying"]);
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已加装泄爆片和隔爆阀" });
    expect((await s.complete(hazard.id, "RECHECK_PASSED", {})).activeStates).toEqual([
      "acceptance",
    ]);
    expect((await s.taskFor(hazard.id, "ACCEPT")).dueAt).toEqual(at("2027-01-15T09:00:00"));
    await s.expectRefused(hazard.id, "FAIL", {}, GuardRejectedError);
    const failed = await s.complete(hazard.id, "FAIL", { acceptanceOpinion: "隔爆阀未安装" });
    expect(failed.activeStates).toEqual(["rectifying"]);
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "隔爆阀已安装" });
    await s.complete(hazard.id, "RECHECK_PASSED", {});
    const closed = await s.complete(hazard.id, "ACCEPT", { acceptanceOpinion: "合格" });
    expect(closed.activeStates).toEqual(["closed"]);
    expect(closed.status).toBe("completed");
    expect(closed.vars).toMatchObject({
      closedAt: "2027-01-05",
      closedLate: false,
      overdue: false,
    });
    s.clock.set("2026-09-01T09:00:00+08:00");
  });

  it("moves the overdue timer with an approved extension", async () => {
    s.clock.set("2026-09-01T09:00:00+08:00");
    const hazard = await rectifyingHazard("2026-09-15");
    s.clock.set("2026-09-10T09:00:00+08:00");
    await s.complete(hazard.id, "REQUEST_EXTENSION", {
      requestedDeadline: "2026-10-15",
      extensionReason: "设备到货延迟",
    });
    await s.complete(hazard.id, "APPROVE_EXTENSION", { rectifyDeadline: "2026-10-15" });

    await s.runAt("2026-09-16T09:00:00+08:00");
    expect((await s.engine.instances.get(hazard.id)).vars.overdue).toBe(false);
    expect(await s.children(hazard.id)).toEqual([]);

    await s.runAt("2026-10-15T23:59:59+08:00");
    expect((await s.engine.instances.get(hazard.id)).vars.overdue).toBe(true);
    expect(await s.children(hazard.id)).toHaveLength(1);
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已整改" });
    await s.complete(hazard.id, "RECHECK_PASSED", {});
    await s.complete(hazard.id, "ACCEPT", {});
    await s.engine.runDueJobs();
  });

  it("does not let a task set variables its form does not name", async () => {
    const hazard = await rectifyingHazard("2026-12-31");
    const forged = { fixReport: "已整改", rectifyDeadline: "2027-06-30", escalationStarted: true };
    await s.expectRefused(hazard.id, "SUBMIT_FIX", forged, ValidationError);
    await expect(
      s.engine.instances.start("hazard-closure", { ...hazardVars, escalationStarted: true }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("starts exactly one escalation when overdue, and ends it when the hazard is closed", async () => {
    s.clock.set("2026-09-01T09:00:00+08:00");
    const hazard = await rectifyingHazard("2026-09-15");

    await s.runAt("2026-09-15T23:59:58+08:00");
    expect((await s.engine.instances.get(hazard.id)).vars.overdue).not.toBe(true);
    expect(await s.children(hazard.id)).toEqual([]);

    await s.runAt("2026-09-15T23:59:59+08:00");
    const overdue = await s.engine.instances.get(hazard.id);
    expect(overdue.vars).toMatchObject({ overdue: true, escalationLevel: 1 });
    const notice = s.notifications.find(
      (n) => n.instanceId === hazard.id && n.title === "重大事故隐患逾期未整改",
    );
    // The enterprise's 主要负责人 and 实际控制人 too, found in the directory by the worker.
    expect(notice?.recipients).toEqual([
      "safety-office",
      "enterprise-hongda",
      "enterprisePrincipal:hongda",
      "enterpriseController:hongda",
    ]);
    // Told at confirmation as well, to submit the plan.
    const registered = s.notifications.find(
      (n) => n.instanceId === hazard.id && n.title === "重大事故隐患已登记",
    );
    expect(registered?.recipients).toEqual([
      "enterprisePrincipal:hongda",
      "enterpriseController:hongda",
      "enterprise-hongda",
    ]);
    expect(notice?.message).toContain(hazardVars.title);
    const [escalation, ...more] = await s.children(hazard.id);
    expect(more).toEqual([]);
    expect(escalation?.processKey).toBe("rectification-escalation");
    expect(escalation?.activeStates).toEqual(["letter"]);
    expect(escalation?.vars).toMatchObject({
      hazardId: hazard.id,
      title: hazardVars.title,
      enterpriseId: "hongda",
      village: "tf01",
      rectifyDeadline: "2026-09-15",
      level: 1,
    });

    // Back to rectifying after a failed acceptance, still overdue: no second escalation.
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已整改" });
    await s.complete(hazard.id, "RECHECK_PASSED", {});
    await s.complete(hazard.id, "FAIL", { acceptanceOpinion: "未整改到位" });
    await s.runAt("2026-09-18T09:00:00+08:00");
    expect((await s.engine.instances.get(hazard.id)).vars.overdue).toBe(true);
    expect(await s.children(hazard.id)).toHaveLength(1);

    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已整改到位" });
    await s.complete(hazard.id, "RECHECK_PASSED", {});
    const closed = await s.complete(hazard.id, "ACCEPT", { acceptanceOpinion: "合格" });
    expect(closed.vars).toMatchObject({ overdue: false, closedLate: true, closedAt: "2026-09-18" });
    await s.engine.runDueJobs();
    const ended = await s.engine.instances.get(escalation!.id);
    expect(ended.status).toBe("completed");
    expect(ended.activeStates).toEqual(["resolved"]);
  });

  it("sends a self-reported hazard to the village's grid officers for an on-site check first, and to the office with their finding", async () => {
    s.clock.set("2026-09-01T09:00:00+08:00");
    const hazard = await startHazard({ source: "self-report" });
    expect(hazard.activeStates).toEqual(["onSiteCheck"]);
    // The history says why it went to the village before anyone chose to.
    const moved = (await s.engine.instances.history(hazard.id)).find((h) => h.kind === "automatic");
    expect(moved).toMatchObject({
      actor: "system",
      from: ["intake"],
      to: ["onSiteCheck"],
      data: { reason: "企业自查自报、举报的隐患先现场核实" },
    });

    // The officers of the hazard's own village get it, no one else's; the office waits.
    const [check] = (await s.inbox("village-tf01")).filter((t) => t.instanceId === hazard.id);
    expect(check?.name).toBe("现场核实");
    expect(check?.dueAt).toEqual(at("2026-09-03T09:00:00")); // 2 working days
    expect((await s.inbox("village-tf02")).some((t) => t.instanceId === hazard.id)).toBe(false);
    expect((await s.inbox("safety-office")).some((t) => t.instanceId === hazard.id)).toBe(false);

    await s.expectRefused(hazard.id, "ON_SITE_CHECKED", { asReported: "yes" }, ValidationError);
    const checked = await s.complete(hazard.id, "ON_SITE_CHECKED", {
      asReported: "partly",
      onSiteFinding: "泄爆口存在，但未安装泄爆片",
    });
    // Now with the office, who judges with the finding on the case (and is not sent back).
    expect(checked.activeStates).toEqual(["reported"]);
    expect(checked.vars).toMatchObject({
      asReported: "partly",
      onSiteFinding: "泄爆口存在，但未安装泄爆片",
      onSiteCheckedAt: "2026-09-01",
    });
    const [judging] = (await s.inbox("safety-office")).filter((t) => t.instanceId === hazard.id);
    expect(judging?.name).toBe("隐患判定");
    expect(
      (await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "判定标准第十二条" })).activeStates,
    ).toEqual(["registered"]);
  });

  it("sends a tip-off to the on-site check first too", async () => {
    const hazard = await startHazard({ source: "tip-off" });
    expect(hazard.activeStates).toEqual(["onSiteCheck"]);
    expect((await s.inbox("village-tf01")).map((t) => [t.instanceId, t.name])).toContainEqual([
      hazard.id,
      "现场核实",
    ]);
  });

  it("sends a hazard found by the office's own inspection straight to judging, where the office may still ask for an on-site check", async () => {
    const hazard = await startHazard({ source: "inspection" });
    expect(hazard.activeStates).toEqual(["reported"]);
    expect((await s.inbox("village-tf01")).some((t) => t.instanceId === hazard.id)).toBe(false);
    const judging = await s.taskFor(hazard.id, "REQUEST_ON_SITE_CHECK");
    expect(judging.name).toBe("隐患判定");
    expect(judging.outcomes.map((o) => o.label)).toContain("交村(社区)现场核实");
    const sent = await s.complete(hazard.id, "REQUEST_ON_SITE_CHECK", {});
    expect(sent.activeStates).toEqual(["onSiteCheck"]);
    const checked = await s.complete(hazard.id, "ON_SITE_CHECKED", {
      asReported: "yes",
      onSiteFinding: "与检查记录一致",
    });
    expect(checked.activeStates).toEqual(["reported"]);
  });

  it("ends a running escalation when an extension is approved, and starts a new one if the new deadline passes", async () => {
    s.clock.set("2026-09-01T09:00:00+08:00");
    const hazard = await rectifyingHazard("2026-09-15");
    await s.runAt("2026-09-15T23:59:59+08:00");
    const [first] = await s.children(hazard.id);
    expect(first?.activeStates).toEqual(["letter"]);
    expect((await s.engine.instances.get(hazard.id)).vars).toMatchObject({
      overdue: true,
      escalationLevel: 1,
    });

    s.clock.set("2026-09-17T09:00:00+08:00");
    await s.complete(hazard.id, "REQUEST_EXTENSION", {
      requestedDeadline: "2026-10-31",
      extensionReason: "设备到货延迟",
    });
    const extended = await s.complete(hazard.id, "APPROVE_EXTENSION", {
      rectifyDeadline: "2026-10-31",
    });
    expect(extended.vars).toMatchObject({ overdue: false, rectifyDeadline: "2026-10-31" });
    expect(extended.vars.escalationLevel ?? null).toBeNull();
    await s.engine.runDueJobs();

    // The escalation ends, saying why; its letter task is withdrawn.
    const ended = await s.engine.instances.get(first!.id);
    expect(ended.status).toBe("completed");
    expect(ended.activeStates).toEqual(["extended"]);
    expect(ended.vars.extendedTo).toBe("2026-10-31");
    expect(await s.openTasks(first!.id)).toEqual([]);
    expect((await s.history(first!.id)).map((h) => h.event)).toContain("HAZARD_EXTENDED");
    const hazardHistory = await s.history(hazard.id);
    expect(hazardHistory.map((h) => h.event)).toEqual(
      expect.arrayContaining(["APPROVE_EXTENSION", "CHILD_DONE"]),
    );
    expect((await s.engine.instances.get(hazard.id)).vars.escalationOutcome).toBe("extended");

    // Past the new deadline: overdue again, a new escalation from the letter (函告).
    await s.runAt("2026-10-31T23:59:59+08:00");
    const again = await s.engine.instances.get(hazard.id);
    expect(again.vars).toMatchObject({ overdue: true, escalationLevel: 1 });
    const escalations = await s.children(hazard.id);
    expect(escalations).toHaveLength(2);
    const second = escalations.find((e) => e.id !== first!.id);
    expect(second?.activeStates).toEqual(["letter"]);
    expect(second?.vars.rectifyDeadline).toBe("2026-10-31");
    s.clock.set("2026-09-01T09:00:00+08:00");
  });

  it("is closed with evidence: hazard photos at report, the signed plan, before/after photos at acceptance", async () => {
    const office = actorIn("safety-office");
    const enterprise = actorIn("enterprise-hongda");
    const upload = async (bytes: Buffer, name: string, actor = office) =>
      (await s.engine.files.upload(Readable.from([bytes]), { name, actor })).id;
    const hazardPhotos = [
      await upload(await photoWithGps(), "隐患1.jpg"),
      await upload(await photoWithGps({ color: "#a33" }), "隐患2.jpg"),
    ];
    const hazard = await s.engine.instances.start(
      "hazard-closure",
      { ...hazardVars, hazardPhotos },
      { actor: office },
    );
    await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "第十二条" });
    const signedPlan = [await upload(smallPdf(), "治理方案（盖章）.pdf", enterprise)];
    await s.complete(hazard.id, "SUBMIT_PLAN", { ...plan("2026-10-30"), signedPlan });
    await s.complete(hazard.id, "APPROVE_PLAN", { reviewOpinion: "同意" });
    await s.complete(hazard.id, "SUBMIT_FIX", { fixReport: "已加装泄爆片" });
    await s.complete(hazard.id, "RECHECK_PASSED", {});
    // The acceptance form shows the photos taken at report beside its own upload.
    const acceptance = await s.taskFor(hazard.id, "ACCEPT");
    const afterField = (acceptance.form?.properties as Record<string, Record<string, unknown>>)
      .afterPhotos;
    expect(afterField?.["x-compareWith"]).toBe("hazardPhotos");
    const afterPhotos = [await upload(await photoWithGps({ color: "#3a3" }), "整改后.jpg")];
    const closed = await s.complete(hazard.id, "ACCEPT", {
      afterPhotos,
      acceptanceOpinion: "合格",
    });
    expect(closed.activeStates).toEqual(["closed"]);
    const attached = await s.engine.files.ofInstance(hazard.id);
    expect(attached.map((a) => [a.file.name, a.reference.path, a.reference.stateKey])).toEqual([
      ["隐患1.jpg", "hazardPhotos", null],
      ["隐患2.jpg", "hazardPhotos", null],
      ["治理方案（盖章）.pdf", "signedPlan", "registered"],
      ["整改后.jpg", "afterPhotos", "acceptance"],
    ]);
    expect(attached[0]?.file.metadata?.gps).toBeDefined();
  });

  it("refuses a plan whose signed copy is a file of the wrong kind", async () => {
    const hazard = await startHazard();
    await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "第十二条" });
    const enterprise = actorIn("enterprise-hongda");
    const notAPlan = await s.engine.files.upload(
      Readable.from([Buffer.from("PK\u0003\u0004[Content_Types].xml xl/workbook.xml")]),
      { name: "plan.xlsx", actor: enterprise },
    );
    await s.expectRefused(
      hazard.id,
      "SUBMIT_PLAN",
      { ...plan("2026-10-30"), signedPlan: [notAPlan.id] },
      ValidationError,
    );
  });
});
