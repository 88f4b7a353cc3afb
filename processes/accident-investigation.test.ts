import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardRejectedError, ValidationError } from "../engine/errors.js";
import type { Instance } from "../engine/types.js";
import { actorIn, createProcessScenario, type ProcessScenario } from "./process-scenario.js";

const accidentVars = {
  title: "红达木业砂光车间机械伤害事故",
  occurredAt: "2026-03-02T07:40:00+08:00",
  location: "铁峰乡工业园红达木业砂光车间",
  enterpriseId: "hongda",
  deaths: 1,
  seriousInjuries: 0,
  directLoss: 1_200_000,
  summary: "操作工清理砂光机时被卷入",
};

const report = {
  cause: "设备未停机、未上锁挂牌即进行清理",
  enterprisePersons: "车间主任张某、安全员刘某",
  enterpriseHandling: "建议给予撤职处分并处罚款",
  supervisorPersons: "乡应急办检查员赵某",
  supervisorHandling: "建议诫勉谈话",
  leadershipPersons: "分管副乡长孙某",
  leadershipHandling: "建议责令书面检查",
  preventiveMeasures: "全面推行上锁挂牌制度，开展机械防护专项整治",
};

const allChecked = {
  causeFound: true,
  responsibleHandled: true,
  measuresImplemented: true,
  peopleEducated: true,
};

const at = (local: string) => new Date(`${local}+08:00`);

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2026-03-02T08:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

const get = (id: string) => s.engine.instances.get(id);
const taskNames = async (group: string, instanceId: string) =>
  (await s.inbox(group)).filter((t) => t.instanceId === instanceId).map((t) => t.name);

async function startAccident(figures: Record<string, number> = {}): Promise<Instance> {
  s.clock.set("2026-03-02T08:00:00+08:00");
  return s.engine.instances.start("accident-investigation", { ...accidentVars, ...figures });
}

/** A general accident whose team was formed on 5 March 2026 at 10:00: both tracks open. */
async function investigatedAccident(): Promise<Instance> {
  const accident = await startAccident();
  await s.complete(accident.id, "VERIFIED", { verifyNote: "核实无误" });
  s.clock.set("2026-03-05T10:00:00+08:00");
  return s.complete(accident.id, "TEAM_FORMED", {
    teamLeader: "乡应急办主任",
    teamMembers: "应急办、公安、总工会",
  });
}

describe("accident-investigation", () => {
  it("refuses a start without an enterprise", async () => {
    const { enterpriseId: _omitted, ...withoutEnterprise } = accidentVars;
    await expect(
      s.engine.instances.start("accident-investigation", withoutEnterprise),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(startAccident({ deaths: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    [{ deaths: 2 }, "general"],
    [{ deaths: 3 }, "larger"],
    [{ deaths: 9 }, "larger"],
    [{ deaths: 10 }, "major"],
    [{ deaths: 29 }, "major"],
    [{ deaths: 30 }, "especially-major"],
    [{ seriousInjuries: 9 }, "general"],
    [{ seriousInjuries: 10 }, "larger"],
    [{ seriousInjuries: 49 }, "larger"],
    [{ seriousInjuries: 50 }, "major"],
    [{ seriousInjuries: 99 }, "major"],
    [{ seriousInjuries: 100 }, "especially-major"],
    [{ directLoss: 9_999_999.99 }, "general"],
    [{ directLoss: 10_000_000 }, "larger"],
    [{ directLoss: 49_999_999.99 }, "larger"],
    [{ directLoss: 50_000_000 }, "major"],
    [{ directLoss: 99_999_999.99 }, "major"],
    [{ directLoss: 100_000_000 }, "especially-major"],
  ])(
    "grades %o as %s; a general one is investigated here, a higher one handed over",
    async (figures, grade) => {
      const accident = await startAccident({
        deaths: 0,
        seriousInjuries: 0,
        directLoss: 0,
        ...figures,
      });
      expect(accident.vars.grade).toBe(grade);
      const verified = await s.complete(accident.id, "VERIFIED", {});
      expect(verified.vars.grade).toBe(grade);
      if (grade === "general") {
        expect(verified.activeStates).toEqual(["teamForming"]);
        expect(verified.status).toBe("running");
      } else {
        expect(verified.activeStates).toEqual(["handedOver"]);
        expect(verified.status).toBe("completed");
      }
    },
  );

  it("regrades on the verified figures, both up and down", async () => {
    const accident = await startAccident({ deaths: 2 });
    const [task] = (await s.inbox("safety-office")).filter((t) => t.instanceId === accident.id);
    expect(task?.name).toBe("核实并上报");
    expect(task?.dueAt).toEqual(at("2026-03-02T09:00:00")); // within the hour
    await s.engine.runDueJobs();
    const notice = s.notifications.find(
      (n) => n.instanceId === accident.id && n.title === "生产安全事故报告",
    );
    expect(notice?.recipients).toEqual(["safety-office", "township-leader"]);
    expect(notice?.message).toContain("死亡2人");
    const up = await s.complete(accident.id, "VERIFIED", {
      deaths: 3,
      verifyNote: "一名重伤者抢救无效死亡",
    });
    expect(up.vars).toMatchObject({ deaths: 3, grade: "larger" });
    expect(up.activeStates).toEqual(["handedOver"]);

    const larger = await startAccident({ seriousInjuries: 10 });
    expect(larger.vars.grade).toBe("larger");
    const down = await s.complete(larger.id, "VERIFIED", {
      seriousInjuries: 9,
      verifyNote: "一人经鉴定为轻伤",
    });
    expect(down.vars).toMatchObject({ seriousInjuries: 9, grade: "general" });
    expect(down.activeStates).toEqual(["teamForming"]);
  });

  it("hands over an accident whose casualties rise during the investigation", async () => {
    const accident = await investigatedAccident();
    const same = await s.engine.instances.send(accident.id, {
      type: "CASUALTIES_CORRECTED",
      data: { deaths: 2 },
    });
    expect(same.vars.grade).toBe("general");
    expect(same.activeStates).toEqual(
      expect.arrayContaining(["enterpriseInvestigating", "regulatorInvestigating"]),
    );
    const up = await s.engine.instances.send(accident.id, {
      type: "CASUALTIES_CORRECTED",
      data: { deaths: 3 },
    });
    expect(up.vars.grade).toBe("larger");
    expect(up.activeStates).toEqual(["handedOver"]);
    expect(await s.openTasks(accident.id)).toEqual([]);
  });

  it.each([
    ["enterprise first", ["ENTERPRISE_FINDINGS", "REGULATOR_FINDINGS"]],
    ["regulator first", ["REGULATOR_FINDINGS", "ENTERPRISE_FINDINGS"]],
  ])(
    "runs the two 一案双查 tracks in parallel (%s); the report opens only after both",
    async (_, order) => {
      const accident = await investigatedAccident();
      expect(accident.activeStates).toEqual(
        expect.arrayContaining(["enterpriseInvestigating", "regulatorInvestigating"]),
      );
      expect((await taskNames("investigation-team", accident.id)).sort()).toEqual(
        ["企业责任调查", "申请延长调查报告期限"].sort(),
      );
      expect(await taskNames("discipline", accident.id)).toEqual(["监管责任调查"]);

      const findings: Record<string, Record<string, string>> = {
        ENTERPRISE_FINDINGS: { enterpriseFindings: "企业未落实设备检修安全管理制度" },
        REGULATOR_FINDINGS: { regulatorFindings: "乡应急办年度检查未覆盖该车间" },
      };
      const [first, second] = order as [string, string];
      const half = await s.complete(accident.id, first, findings[first]);
      expect(half.activeStates).not.toContain("reportDrafting");
      // The other track's task, and the team's request for a longer deadline while it runs.
      expect(await s.openTasks(accident.id)).toHaveLength(2);
      expect(await taskNames("investigation-team", accident.id)).toContain("申请延长调查报告期限");
      expect(await taskNames("investigation-team", accident.id)).not.toContain("提交调查报告");

      const both = await s.complete(accident.id, second, findings[second]);
      expect(both.activeStates).toEqual(["reportDrafting"]);
      // The request task went with the investigation.
      expect(await taskNames("investigation-team", accident.id)).toEqual(["提交调查报告"]);
    },
  );

  it("goes from report to approval, closure under 四不放过 and assessment 10 months later", async () => {
    const accident = await investigatedAccident();
    await s.complete(accident.id, "ENTERPRISE_FINDINGS", { enterpriseFindings: "未执行上锁挂牌" });
    await s.complete(accident.id, "REGULATOR_FINDINGS", { regulatorFindings: "检查流于形式" });

    const { leadershipHandling: _missing, ...incomplete } = report;
    await s.expectRefused(accident.id, "REPORT_SUBMITTED", incomplete, ValidationError);
    s.clock.set("2026-04-20T10:00:00+08:00");
    const submitted = await s.complete(accident.id, "REPORT_SUBMITTED", report);
    expect(submitted.activeStates).toEqual(["approval"]);
    const approval = (await s.inbox("township-leader")).find(
      (t) => t.instanceId === accident.id && t.name === "批复调查报告",
    );
    expect(approval?.name).toBe("批复调查报告");
    expect(approval?.dueAt).toEqual(at("2026-05-05T10:00:00")); // 15 days

    await s.expectRefused(accident.id, "RETURN", {}, GuardRejectedError);
    const returned = await s.complete(accident.id, "RETURN", {
      returnReason: "领导责任认定依据不足",
    });
    expect(returned.activeStates).toEqual(["reportDrafting"]);
    await s.complete(accident.id, "REPORT_SUBMITTED", report);
    const approved = await s.complete(accident.id, "APPROVE", { approvalNo: "铁政批〔2026〕5号" });
    expect(approved.activeStates).toEqual(["accountability"]);
    expect(await taskNames("safety-office", accident.id)).toEqual(["四不放过核查"]);

    // Every one of the four checks must hold.
    for (const check of Object.keys(allChecked)) {
      await s.expectRefused(
        accident.id,
        "CLOSE_CASE",
        { ...allChecked, [check]: false },
        GuardRejectedError,
      );
    }
    const { peopleEducated: _absent, ...threeChecks } = allChecked;
    await s.expectRefused(accident.id, "CLOSE_CASE", threeChecks, ValidationError);

    s.clock.set("2026-05-20T10:00:00+08:00");
    const closed = await s.complete(accident.id, "CLOSE_CASE", {
      ...allChecked,
      closingNote: "四不放过均已落实",
    });
    expect(closed.activeStates).toEqual(["awaitingAssessment"]);
    expect(closed.vars.closedAt).toBe("2026-05-20");
    expect(await s.openTasks(accident.id)).toEqual([]);

    await s.runAt("2027-03-20T09:59:59+08:00");
    expect((await get(accident.id)).activeStates).toEqual(["awaitingAssessment"]);
    await s.runAt("2027-03-20T10:00:00+08:00");
    expect((await get(accident.id)).activeStates).toEqual(["assessment"]);
    expect(await taskNames("discipline", accident.id)).toEqual(["整改措施落实情况评估"]);

    const archived = await s.complete(accident.id, "ASSESSED", {
      assessmentResult: "implemented",
      assessmentReport: "整改措施已全部落实",
    });
    expect(archived.activeStates).toEqual(["archived"]);
    expect(archived.status).toBe("completed");
  });

  it("flags the report overdue after the 60th day since the team was formed and tells the township leader", async () => {
    const accident = await investigatedAccident();
    expect(accident.vars).toMatchObject({ reportDueAt: "2026-05-04", reportOverdue: false });
    await s.runAt("2026-05-04T23:59:58+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(false);

    await s.runAt("2026-05-05T00:00:00+08:00");
    const overdue = await get(accident.id);
    expect(overdue.vars.reportOverdue).toBe(true);
    expect(overdue.activeStates).toEqual(
      expect.arrayContaining(["enterpriseInvestigating", "regulatorInvestigating"]),
    );
    expect((await s.openTasks(accident.id)).map((t) => t.name).sort()).toEqual(
      ["企业责任调查", "申请延长调查报告期限", "监管责任调查"].sort(),
    );
    const notices = s.notifications.filter(
      (n) => n.instanceId === accident.id && n.title === "事故调查报告逾期",
    );
    // The leader who approves, and the team that must submit the report; told once.
    expect(notices).toHaveLength(1);
    expect(notices[0]?.recipients).toEqual(["township-leader", "investigation-team"]);
    expect(notices[0]?.message).toContain(accidentVars.title);

    // Drafting the report after the deadline does not tell them a second time.
    await s.complete(accident.id, "ENTERPRISE_FINDINGS", { enterpriseFindings: "未执行上锁挂牌" });
    await s.complete(accident.id, "REGULATOR_FINDINGS", { regulatorFindings: "检查流于形式" });
    await s.engine.runDueJobs();
    expect((await get(accident.id)).vars.reportOverdue).toBe(true);
    expect(
      s.notifications.filter((n) => n.instanceId === accident.id && n.title === "事故调查报告逾期"),
    ).toHaveLength(1);
  });

  it("flags a report still being drafted when the deadline passes", async () => {
    const accident = await investigatedAccident();
    await s.complete(accident.id, "ENTERPRISE_FINDINGS", { enterpriseFindings: "未执行上锁挂牌" });
    await s.complete(accident.id, "REGULATOR_FINDINGS", { regulatorFindings: "检查流于形式" });
    await s.runAt("2026-05-04T23:59:58+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(false);
    await s.runAt("2026-05-05T00:00:00+08:00");
    const late = await get(accident.id);
    expect(late.activeStates).toEqual(["reportDrafting"]);
    expect(late.vars.reportOverdue).toBe(true);
    const notice = s.notifications.find(
      (n) => n.instanceId === accident.id && n.title === "事故调查报告逾期",
    );
    expect(notice?.message).toContain("2026-05-04");
  });

  it("lets the team apply for an extension and the leader grant fewer days than asked, once", async () => {
    const accident = await investigatedAccident();
    const request = await s.taskFor(accident.id, "REQUEST_REPORT_EXTENSION");
    expect(request).toMatchObject({
      name: "申请延长调查报告期限",
      candidateGroups: ["investigation-team"],
      dueAt: null,
    });
    expect(await taskNames("township-leader", accident.id)).toEqual([]);

    // Reason and days are required, the days at most 60.
    await s.expectRefused(accident.id, "REQUEST_REPORT_EXTENSION", {}, ValidationError);
    await s.expectRefused(
      accident.id,
      "REQUEST_REPORT_EXTENSION",
      { extensionReason: "技术鉴定未完成", requestedDays: 61 },
      ValidationError,
    );
    s.clock.set("2026-04-28T09:00:00+08:00");
    const requested = await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "设备技术鉴定报告尚未出具",
      requestedDays: 45,
    });
    expect(requested.vars).toMatchObject({
      extensionStatus: "requested",
      reportDueAt: "2026-05-04",
    });
    // The tracks go on; the leader now has the request.
    expect(requested.activeStates).toEqual(
      expect.arrayContaining([
        "enterpriseInvestigating",
        "regulatorInvestigating",
        "extensionReview",
      ]),
    );
    const review = (await s.inbox("township-leader")).find((t) => t.instanceId === accident.id);
    expect(review?.name).toBe("审批调查报告延期申请");
    expect(review?.outcomes.map((o) => o.label)).toEqual(["批准延期", "不予延期"]);
    await s.engine.runDueJobs();
    const told = s.notifications.find(
      (n) => n.instanceId === accident.id && n.title === "调查报告延期申请",
    );
    expect(told?.recipients).toEqual(["township-leader"]);
    expect(told?.message).toContain("45日");

    // A second request while this one waits is refused, in Chinese.
    const waiting = await s.engine.instances
      .send(
        accident.id,
        {
          type: "REQUEST_REPORT_EXTENSION",
          data: { extensionReason: "再申请", requestedDays: 10 },
        },
        { actor: actorIn("investigation-team") },
      )
      .catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(GuardRejectedError);
    expect((waiting as GuardRejectedError).problems).toEqual([
      { path: "", message: "延期申请正在审批，不能重复提交" },
    ]);

    // Approval needs the approval's number and no more days than asked.
    const refused = await s.expectRefused(
      accident.id,
      "EXTEND_REPORT",
      { grantedDays: 50 },
      GuardRejectedError,
    );
    expect((refused as GuardRejectedError).problems).toEqual([
      { path: "extensionApproval", message: "批准延期须填写批准文号" },
      { path: "grantedDays", message: "批准延长天数不得超过申请的45日" },
    ]);
    const granted = await s.complete(accident.id, "EXTEND_REPORT", {
      grantedDays: 30,
      extensionApproval: "铁政函〔2026〕9号",
    });
    expect(granted.vars).toMatchObject({
      reportExtended: true,
      grantedDays: 30,
      reportDueAt: "2026-06-03",
      extensionStatus: "granted",
    });
    expect(await s.openTasks(accident.id)).toHaveLength(2); // the two tracks only
    const history = await s.history(accident.id);
    expect(history.at(-1)).toMatchObject({ event: "EXTEND_REPORT" });

    // Once only.
    const again = await s.engine.instances
      .send(
        accident.id,
        {
          type: "REQUEST_REPORT_EXTENSION",
          data: { extensionReason: "再申请", requestedDays: 10 },
        },
        { actor: actorIn("investigation-team") },
      )
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GuardRejectedError);
    expect((again as GuardRejectedError).problems).toEqual([
      { path: "", message: "调查报告期限已延长过一次，不能再次申请（493号令第二十九条）" },
    ]);

    // Not overdue on the old date; overdue after the new one, also once the tracks are done.
    await s.runAt("2026-05-05T00:00:00+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(false);
    await s.complete(accident.id, "ENTERPRISE_FINDINGS", { enterpriseFindings: "未执行上锁挂牌" });
    await s.complete(accident.id, "REGULATOR_FINDINGS", { regulatorFindings: "检查流于形式" });
    await s.runAt("2026-06-03T23:59:58+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(false);
    await s.runAt("2026-06-04T00:00:00+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(true);
  });

  it("grants the days asked when the leader leaves them empty, and marks an overdue report on time again", async () => {
    const accident = await investigatedAccident();
    await s.runAt("2026-05-05T00:00:00+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(true);
    await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "检测检验尚未完成",
      requestedDays: 60,
    });
    const granted = await s.complete(accident.id, "EXTEND_REPORT", {
      extensionApproval: "铁政函〔2026〕9号",
    });
    expect(granted.vars).toMatchObject({
      grantedDays: 60,
      reportDueAt: "2026-07-03",
      reportOverdue: false,
    });
    await s.runAt("2026-07-04T00:00:00+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(true);
  });

  it("keeps the deadline when the leader rejects the request; the team may apply again", async () => {
    const accident = await investigatedAccident();
    await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "证人外出务工",
      requestedDays: 20,
    });
    const refused = await s.expectRefused(
      accident.id,
      "REJECT_REPORT_EXTENSION",
      {},
      GuardRejectedError,
    );
    expect((refused as GuardRejectedError).problems).toEqual([
      { path: "extensionRejectReason", message: "不予延期时须填写理由" },
    ]);
    const rejected = await s.complete(accident.id, "REJECT_REPORT_EXTENSION", {
      extensionRejectReason: "可电话询问证人，不属于特殊情况",
    });
    expect(rejected.vars).toMatchObject({
      reportDueAt: "2026-05-04",
      reportExtended: false,
      extensionStatus: "rejected",
    });
    expect(await taskNames("investigation-team", accident.id)).toContain("申请延长调查报告期限");
    expect(await taskNames("township-leader", accident.id)).toEqual([]);
    await s.engine.runDueJobs();
    const told = s.notifications.find(
      (n) => n.instanceId === accident.id && n.title === "调查报告延期未获批准",
    );
    expect(told?.recipients).toEqual(["investigation-team"]);
    expect(told?.message).toContain("2026-05-04");

    await s.runAt("2026-05-05T00:00:00+08:00");
    expect((await get(accident.id)).vars.reportOverdue).toBe(true);
    // A second request after a rejection is still a first extension.
    await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "技术鉴定未完成",
      requestedDays: 20,
    });
    const granted = await s.complete(accident.id, "EXTEND_REPORT", {
      extensionApproval: "铁政函〔2026〕11号",
    });
    expect(granted.vars).toMatchObject({ reportDueAt: "2026-05-24", reportOverdue: false });
  });

  it("withdraws a request once the investigation is over, and refuses a late one in Chinese", async () => {
    const accident = await investigatedAccident();
    await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "技术鉴定未完成",
      requestedDays: 20,
    });
    await s.complete(accident.id, "ENTERPRISE_FINDINGS", { enterpriseFindings: "未执行上锁挂牌" });
    const drafting = await s.complete(accident.id, "REGULATOR_FINDINGS", {
      regulatorFindings: "检查流于形式",
    });
    expect(drafting.activeStates).toEqual(["reportDrafting"]);
    expect(await taskNames("township-leader", accident.id)).toEqual([]);

    const late = await s.engine.instances
      .send(
        accident.id,
        {
          type: "REQUEST_REPORT_EXTENSION",
          data: { extensionReason: "再申请", requestedDays: 10 },
        },
        { actor: actorIn("investigation-team") },
      )
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(GuardRejectedError);
    expect(await get(accident.id)).toMatchObject({ vars: { extensionStatus: "withdrawn" } });
    expect((late as GuardRejectedError).problems).toEqual([
      { path: "", message: "两项调查已结束，不能再申请延长调查报告期限" },
    ]);
  });

  it("shows who applied and who decided in the history, in Chinese", async () => {
    const accident = await investigatedAccident();
    await s.complete(accident.id, "REQUEST_REPORT_EXTENSION", {
      extensionReason: "技术鉴定未完成",
      requestedDays: 20,
    });
    await s.complete(accident.id, "EXTEND_REPORT", { extensionApproval: "铁政函〔2026〕9号" });
    const rows = (await s.history(accident.id)).slice(-2);
    expect(rows.map((r) => [r.event, r.actor])).toEqual([
      ["REQUEST_REPORT_EXTENSION", "user-of-investigation-team"],
      ["EXTEND_REPORT", "user-of-township-leader"],
    ]);
  });
});
