import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardRejectedError } from "../engine/errors.js";
import { checklistFor } from "./inspection/checklists.js";
import { createProcessScenario, type ProcessScenario } from "./process-scenario.js";

const at = (local: string) => new Date(`${local}+08:00`);

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2027-01-04T09:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

/** Every item of the checklist passed, but for the findings given (item → finding, major?). */
function answers(
  checklist: string[],
  findings: Record<string, { finding: string; major?: boolean; note?: string }> = {},
) {
  return checklist.map((item) => {
    const found = findings[item];
    return found ? { item, result: "不合格", ...found } : { item, result: "合格" };
  });
}

describe("厂长月排查 (inspection-monthly)", () => {
  it("is the enterprise's task with its industry's checklist, due at the end of the month's last working day", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const inspection = await s.engine.instances.start("inspection-monthly", {
      enterpriseId: "binhai-cold",
    });
    expect(inspection.vars.checklist).toEqual(checklistFor("冷库"));
    expect(inspection.vars.village).toBe("tf02");
    expect(inspection.vars.period).toBe("2027-01");
    expect(inspection.title).toBe("厂长月排查（2027-01）");
    const [task] = await s.openTasks(inspection.id);
    expect(task?.candidateGroups).toEqual(["enterprise-binhai-cold"]);
    // 2027-01-29 is a Friday; the 30th and 31st are a weekend.
    expect(task?.dueAt).toEqual(at("2027-01-29T23:59:59"));
    expect((await s.inbox("enterprise-binhai-cold")).map((t) => t.instanceId)).toContain(
      inspection.id,
    );
  });

  it("missed: goes overdue, the village's officers are told, and done late is recorded as late", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const inspection = await s.engine.instances.start("inspection-monthly", {
      enterpriseId: "hongda",
    });
    const before = s.notifications.length;
    expect(s.notifications.filter((n) => n.instanceId === inspection.id)).toEqual([]);
    await s.runAt("2027-01-30T08:00:00+08:00");
    const overdue = await s.engine.instances.get(inspection.id);
    expect(overdue.vars.overdue).toBe(true);
    const [task] = await s.openTasks(inspection.id);
    const overdueTasks = (
      await s.engine.tasks.list({ user: { id: "u", groups: ["enterprise-hongda"] }, overdue: true })
    ).items;
    expect(overdueTasks.map((t) => t.id)).toContain(task?.id);
    const told = s.notifications.slice(before).filter((n) => n.instanceId === inspection.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.recipients).toEqual(["village-tf01"]);
    expect(told[0]?.message).toBe(
      "红达木业有限公司的厂长月排查（2027-01）已超过完成期限，尚未提交",
    );

    s.clock.set("2027-02-01T10:00:00+08:00");
    const done = await s.complete(inspection.id, "DONE", {
      items: answers(checklistFor("工贸")),
      inspector: "黄志强",
    });
    expect(done.status).toBe("completed");
    expect(done.vars.onTime).toBe(false);
    expect(done.vars.findings).toBe(0);
  });

  it("done in time is on time; a 不合格 item without what was found is refused at the checklist", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const inspection = await s.engine.instances.start("inspection-monthly", {
      enterpriseId: "lvyuan",
    });
    const checklist = checklistFor("工贸");
    const refused = await s.expectRefused(
      inspection.id,
      "DONE",
      { items: [{ item: checklist[0], result: "不合格" }], inspector: "马静" },
      GuardRejectedError,
    );
    expect((refused as GuardRejectedError).problems).toEqual([
      { path: "items", message: "不合格项须写明发现的问题" },
    ]);
    s.clock.set("2027-01-20T16:00:00+08:00");
    const done = await s.complete(inspection.id, "DONE", {
      items: answers(checklist, { [checklist[2]!]: { finding: "二号车间安全出口堆放货物" } }),
      inspector: "马静",
    });
    expect(done.vars.onTime).toBe(true);
    expect(done.vars.findings).toBe(1);
    expect(await s.children(inspection.id)).toEqual([]);
  });

  it("a finding marked major starts hazard-closure for the enterprise with the finding's text (self-report)", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const inspection = await s.engine.instances.start("inspection-monthly", {
      enterpriseId: "xinda-gas",
    });
    const checklist = checklistFor("燃气");
    const leak = "燃气泄漏报警装置完好有效";
    const cylinders = "气瓶检验合格、充装记录完整";
    s.clock.set("2027-01-15T10:00:00+08:00");
    const filing = await s.complete(inspection.id, "DONE", {
      items: answers(checklist, {
        [leak]: { finding: "储气间泄漏报警器损坏，未报警", major: true },
        [cylinders]: { finding: "12 只气瓶超过检验期仍在充装", major: true, note: "已停用" },
        [checklist[0]!]: { finding: "操作规程未上墙" },
      }),
      inspector: "徐东",
    });
    expect(filing.vars.majorFindings).toBe(2);
    await s.runAt("2027-01-15T10:00:01+08:00");
    await s.engine.runDueJobs();
    expect((await s.engine.instances.get(inspection.id)).status).toBe("completed");
    const hazards = await s.children(inspection.id);
    expect(hazards.map((h) => h.vars.title).sort()).toEqual([
      `${cylinders}：12 只气瓶超过检验期仍在充装`,
      `${leak}：储气间泄漏报警器损坏，未报警`,
    ]);
    for (const hazard of hazards) {
      expect(hazard.processKey).toBe("hazard-closure");
      expect(hazard.vars).toMatchObject({
        enterpriseId: "xinda-gas",
        enterpriseName: "鑫达燃气供应站",
        village: "tf02",
        source: "self-report",
        foundAt: "2027-01-15",
      });
      // Self-reported: the village checks it on site before the office judges it.
      expect(hazard.activeStates).toEqual(["onSiteCheck"]);
    }
    const withNote = hazards.find((h) => String(h.vars.title).startsWith(cylinders));
    expect(withNote?.vars.description).toBe(
      `来自厂长月排查（2027-01）。检查项目：${cylinders}；发现的问题：12 只气瓶超过检验期仍在充装；备注：已停用`,
    );
  });
});

describe("主要负责人带队检查 (inspection-leadership)", () => {
  it("is monthly for a high-risk enterprise and quarterly for another", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const highRisk = await s.engine.instances.start("inspection-leadership", {
      enterpriseId: "tiefeng-quarry",
    });
    const other = await s.engine.instances.start("inspection-leadership", {
      enterpriseId: "hongda",
    });
    expect(highRisk.vars).toMatchObject({ highRisk: true, period: "2027-01" });
    expect(other.vars).toMatchObject({ highRisk: false, period: "2027-Q1" });
    const [monthly] = await s.openTasks(highRisk.id);
    const [quarterly] = await s.openTasks(other.id);
    expect(monthly?.dueAt).toEqual(at("2027-01-29T23:59:59"));
    expect(quarterly?.dueAt).toEqual(at("2027-03-31T23:59:59"));
  });

  it("missed by a high-risk enterprise: the safety office gets a task to urge it; another's is only overdue", async () => {
    s.clock.set("2027-01-04T09:00:00+08:00");
    const highRisk = await s.engine.instances.start("inspection-leadership", {
      enterpriseId: "binhai-cold",
    });
    const other = await s.engine.instances.start("inspection-leadership", {
      enterpriseId: "lvyuan",
      period: "2027-01",
      dueAt: "2027-01-29T23:59:59+08:00",
    });
    await s.runAt("2027-01-30T09:00:00+08:00");
    const urging = (await s.openTasks(highRisk.id)).find((t) =>
      t.candidateGroups.includes("safety-office"),
    );
    expect(urging?.name).toBe("督促主要负责人带队检查");
    expect((await s.openTasks(other.id)).map((t) => t.candidateGroups)).toEqual([
      ["enterprise-lvyuan"],
    ]);
    expect((await s.engine.instances.get(other.id)).vars.overdue).toBe(true);

    s.clock.set("2027-02-02T09:00:00+08:00");
    const done = await s.complete(highRisk.id, "DONE", {
      items: answers(checklistFor("冷库")),
      inspector: "林海",
    });
    expect(done.status).toBe("completed");
    expect(done.vars.onTime).toBe(false);
    // The enterprise did it: the office's reminder is withdrawn.
    expect(await s.openTasks(highRisk.id)).toEqual([]);
  });
});

describe("班组日排查 and 部门周排查", () => {
  it("are due at the end of the day, and of the week's last working day", async () => {
    s.clock.set("2027-01-05T09:00:00+08:00");
    const daily = await s.engine.instances.start("inspection-daily", { enterpriseId: "hongda" });
    const weekly = await s.engine.instances.start("inspection-weekly", { enterpriseId: "hongda" });
    expect((await s.openTasks(daily.id))[0]?.dueAt).toEqual(at("2027-01-05T23:59:59"));
    expect((await s.openTasks(weekly.id))[0]?.dueAt).toEqual(at("2027-01-08T23:59:59"));
  });
});
