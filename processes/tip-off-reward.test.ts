import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardRejectedError, ValidationError } from "../engine/errors.js";
import type { Instance } from "../engine/types.js";
import { createProcessScenario, type ProcessScenario } from "./process-scenario.js";

const tipVars = {
  content: "红达木业夜间使用未经检验的压力容器，车间粉尘堆积严重",
  channel: "12350",
  reporterName: "陈先生",
  reporterPhone: "13800001234",
  enterpriseId: "hongda",
};

const at = (local: string) => new Date(`${local}+08:00`);

let s: ProcessScenario;
beforeAll(async () => {
  s = await createProcessScenario("2026-06-01T09:00:00+08:00");
});
afterAll(async () => {
  await s.close();
});

const get = (id: string) => s.engine.instances.get(id);

async function verifyingTipOff(): Promise<Instance> {
  s.clock.set("2026-06-01T09:00:00+08:00");
  const tip = await s.engine.instances.start("tip-off-reward", tipVars);
  return s.complete(tip.id, "ACCEPT", { acceptNote: "属本乡职责，受理" });
}

describe("tip-off-reward", () => {
  it("refuses a start with an unknown channel or without content", async () => {
    await expect(
      s.engine.instances.start("tip-off-reward", { ...tipVars, channel: "wechat-group" }),
    ).rejects.toBeInstanceOf(ValidationError);
    const { content: _none, ...withoutContent } = tipVars;
    await expect(s.engine.instances.start("tip-off-reward", withoutContent)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("is seen by the safety office and law enforcement only, never by the enterprise", async () => {
    const tip = await s.engine.instances.start("tip-off-reward", tipVars);
    expect([...tip.visibleTo].sort()).toEqual(["law-enforcement", "safety-office"]);
    const [task] = (await s.inbox("safety-office")).filter((t) => t.instanceId === tip.id);
    expect(task?.name).toBe("受理");
    expect(task?.dueAt).toEqual(at("2026-06-08T09:00:00")); // 5 working days
    expect(
      (await s.inbox("enterprise-hongda", "village-tf01")).some((t) => t.instanceId === tip.id),
    ).toBe(false);
  });

  it("transfers a tip-off outside the township's remit, naming where to", async () => {
    s.clock.set("2026-06-01T09:00:00+08:00");
    const tip = await s.engine.instances.start("tip-off-reward", tipVars);
    await s.expectRefused(tip.id, "TRANSFER", {}, GuardRejectedError);
    const transferred = await s.complete(tip.id, "TRANSFER", {
      transferTo: "县市场监督管理局（特种设备）",
    });
    expect(transferred.activeStates).toEqual(["transferred"]);
    expect(transferred.status).toBe("completed");
  });

  it("gives 60 days to verify, in either office's inbox, extendable once by up to 30 days", async () => {
    const tip = await verifyingTipOff();
    expect(tip.activeStates).toEqual(["verifying"]);
    const office = (await s.inbox("safety-office")).find((t) => t.instanceId === tip.id);
    const enforcement = (await s.inbox("law-enforcement")).find((t) => t.instanceId === tip.id);
    expect(office?.name).toBe("核查");
    expect(enforcement?.id).toBe(office?.id);
    expect(office?.dueAt).toEqual(at("2026-07-31T23:59:59"));

    await s.expectRefused(
      tip.id,
      "EXTEND",
      { extendDays: 31, extensionReason: "需检测" },
      ValidationError,
    );
    await s.expectRefused(tip.id, "EXTEND", { extendDays: 30 }, GuardRejectedError);
    const extended = await s.complete(tip.id, "EXTEND", {
      extendDays: 30,
      extensionReason: "需委托检测机构检验",
    });
    expect(extended.activeStates).toEqual(["verifying"]);
    expect((await s.taskFor(tip.id, "UNFOUNDED")).dueAt).toEqual(at("2026-08-30T23:59:59"));
    await s.expectRefused(
      tip.id,
      "EXTEND",
      { extendDays: 5, extensionReason: "再延" },
      GuardRejectedError,
    );
  });

  it.each([
    [10_000, 3_000],
    [100_000, 15_000],
    [2_000_000, 300_000],
    [3_000_000, 300_000],
  ])(
    "rewards a confirmed violation fined %i yuan with %i yuan, then pays it",
    async (fine, reward) => {
      const tip = await verifyingTipOff();
      await s.expectRefused(tip.id, "CONFIRMED_VIOLATION", { fine }, GuardRejectedError);
      const confirmed = await s.complete(tip.id, "CONFIRMED_VIOLATION", {
        findings: "使用未检压力容器属实",
        fine,
      });
      expect(confirmed.activeStates).toEqual(["informing"]);
      expect(confirmed.vars).toMatchObject({ result: "violation", reward });

      const [inform] = (await s.inbox("safety-office")).filter((t) => t.instanceId === tip.id);
      expect(inform?.name).toBe("告知举报人核查结果");
      expect(inform?.dueAt).toEqual(at("2026-06-11T09:00:00")); // 10 days
      expect(
        (await s.complete(tip.id, "INFORMED", { informMethod: "phone" })).activeStates,
      ).toEqual(["rewarding"]);
      await s.expectRefused(tip.id, "PAID", {}, ValidationError);
      const paid = await s.complete(tip.id, "PAID", {
        voucherNo: "JL-2026-001",
        paidOn: "2026-06-10",
      });
      expect(paid.activeStates).toEqual(["paid"]);
      expect(paid.status).toBe("completed");
    },
  );

  it.each([
    [1, "general", 30_000],
    [2, "larger", 80_000],
    [3, "major", 150_000],
    [5, "especially-major", 300_000],
    [6, "especially-major", 300_000],
  ])(
    "rewards %i concealed deaths in a %s accident with %i yuan",
    async (concealedDeaths, concealedGrade, reward) => {
      const tip = await verifyingTipOff();
      const confirmed = await s.complete(tip.id, "CONFIRMED_VIOLATION", {
        findings: "瞒报事故死亡人数属实",
        concealedDeaths,
        concealedGrade,
      });
      expect(confirmed.vars.reward).toBe(reward);
    },
  );

  it("starts a hazard-closure for a confirmed hazard, with the source tip-off and no reporter details", async () => {
    const tip = await verifyingTipOff();
    const hazardData = {
      findings: "砂光车间粉尘堆积超过规定厚度，除尘系统未运行",
      hazardTitle: "砂光车间粉尘严重堆积",
      enterpriseId: "hongda",
    };
    const { enterpriseId: _none, ...withoutEnterprise } = hazardData;
    await s.expectRefused(tip.id, "CONFIRMED_HAZARD", withoutEnterprise, GuardRejectedError);
    const confirmed = await s.complete(tip.id, "CONFIRMED_HAZARD", hazardData);
    expect(confirmed.vars).toMatchObject({ result: "hazard", reward: 3_000 });

    const [hazard, ...more] = await s.children(tip.id);
    expect(more).toEqual([]);
    expect(hazard?.processKey).toBe("hazard-closure");
    // A tip-off hazard is checked on site by its village first (issue 14), then judged.
    expect(hazard?.activeStates).toEqual(["onSiteCheck"]);
    expect(hazard?.vars).toMatchObject({
      title: "砂光车间粉尘严重堆积",
      enterpriseId: "hongda",
      village: "tf01",
      industry: "工贸",
      source: "tip-off",
      foundAt: "2026-06-01",
    });
    expect(JSON.stringify(hazard?.vars)).not.toContain(tipVars.reporterPhone);
    expect(JSON.stringify(hazard?.vars)).not.toContain(tipVars.reporterName);
    expect(
      (await s.inbox("village-tf01")).some(
        (t) => t.instanceId === hazard?.id && t.name === "现场核实",
      ),
    ).toBe(true);

    await s.complete(tip.id, "INFORMED", { informMethod: "letter" });
    expect((await get(tip.id)).activeStates).toEqual(["rewarding"]);
  });

  it("closes an unfounded tip-off after telling the reporter, without a reward", async () => {
    const tip = await verifyingTipOff();
    await s.expectRefused(tip.id, "UNFOUNDED", {}, GuardRejectedError);
    const unfounded = await s.complete(tip.id, "UNFOUNDED", {
      unfoundedReason: "压力容器检验合格，证书在有效期内",
    });
    expect(unfounded.vars).toMatchObject({ result: "unfounded", reward: 0 });
    const closed = await s.complete(tip.id, "INFORMED", {
      informMethod: "phone",
      informNote: "已电话告知",
    });
    expect(closed.activeStates).toEqual(["closed"]);
    expect(closed.status).toBe("completed");
    expect(await s.openTasks(tip.id)).toEqual([]);
  });
});
