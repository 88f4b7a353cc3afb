import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDirectory } from "../../processes/directory/directory.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { createSafetyDomain } from "../../processes/safety-domain.js";
import { createApiHarness, json, type ApiHarness } from "./api-harness.js";

interface InstanceJson {
  id: string;
  vars: Record<string, unknown>;
  activeStates: { key: string; label: string }[];
  tasks: { id: string; name: string }[];
  children: { id: string; processKey: string }[];
}

let h: ApiHarness;
let office: string;
let hongda: string;
let otherEnterprise: string;
let lawEnforcement: string;
let hazardId: string;
let dismissedId: string;

const hazard = (overrides: Record<string, unknown>) => ({
  title: "砂光车间除尘系统未设置泄爆装置",
  enterpriseId: "hongda",
  source: "inspection",
  foundAt: "2025-03-01",
  ...overrides,
});

/** The instance's open task in the user's inbox (a 会签's sub-task: the one for the user's group). */
const openTask = async (token: string, instanceId: string) => {
  const inbox = await json<{ items: { id: string }[] }>(
    await h.call("GET", `/api/tasks?instanceId=${instanceId}`, { token }),
  );
  return inbox.items[0]!.id;
};

const complete = async (
  token: string,
  instanceId: string,
  outcome: string,
  data: Record<string, unknown>,
) => {
  const response = await h.call(
    "POST",
    `/api/tasks/${await openTask(token, instanceId)}/complete`,
    {
      token,
      body: { outcome, data },
    },
  );
  expect(response.status, await response.clone().text()).toBe(200);
};

beforeAll(async () => {
  h = await createApiHarness({
    start: "2025-03-03T09:00:00+08:00",
    tokenTtlSeconds: 365 * 86400,
    plugins: [createSafetyDomain()],
  });
  await loadProcesses(h.engine);
  // The processes take names, villages and industries from the directory.
  const directory = createDirectory({ db: h.engine.database.db, clock: h.clock });
  await directory.villages.create({ code: "tf01", name: "铁峰村" }, "test");
  await directory.villages.create({ code: "tf02", name: "新华村" }, "test");
  for (const [id, creditCode, name, village] of [
    ["hongda", "91110108551385082Q", "红达木业有限公司", "tf01"],
    ["lvyuan", "9144030071526726XG", "绿源食品加工厂", "tf02"],
  ] as const)
    await directory.enterprises.create({ id, creditCode, name, village, industry: "工贸" }, "test");
  office = await h.signIn("liuna", ["safety-office"]);
  hongda = await h.signIn("hongda-boss", ["enterprise-hongda"]);
  otherEnterprise = await h.signIn("lvyuan-boss", ["enterprise-lvyuan"]);
  lawEnforcement = await h.signIn("sunli", ["law-enforcement"]);

  const started = await h.call("POST", "/api/instances", {
    token: office,
    body: { processKey: "hazard-closure", businessKey: "YH-2025-001", variables: hazard({}) },
  });
  expect(started.status).toBe(201);
  hazardId = (await json<{ id: string }>(started)).id;
  await complete(office, hazardId, "CONFIRM_MAJOR", {
    basis: "《工贸企业重大事故隐患判定标准》第十条",
  });
  await complete(hongda, hazardId, "SUBMIT_PLAN", {
    measures: "加装泄爆片",
    funds: 50000,
    rectifyDeadline: "2025-04-30",
    responsible: "张三",
    emergencyPlan: "粉尘爆炸专项应急预案",
  });
  await complete(office, hazardId, "APPROVE_PLAN", {});
  await complete(await h.signIn("zhaomin", ["sector-dept"]), hazardId, "APPROVE_PLAN", {});

  const other = await h.call("POST", "/api/instances", {
    token: office,
    body: {
      processKey: "hazard-closure",
      businessKey: "YH-2025-002",
      variables: hazard({
        title: "仓库消防通道堵塞",
        enterpriseId: "lvyuan",
      }),
    },
  });
  dismissedId = (await json<{ id: string }>(other)).id;
  await complete(office, dismissedId, "DISMISS", { reason: "不构成重大隐患，现场已整改" });

  h.clock.set("2025-05-02T09:00:00+08:00");
  await h.engine.runDueJobs();
});
afterAll(async () => h?.close());

describe("hazards through the API", () => {
  test("the enterprise sees only its own hazards; the overdue hazard escalates", async () => {
    const own = await json<{ items: { id: string }[] }>(
      await h.call("GET", "/api/instances?processKey=hazard-closure", { token: hongda }),
    );
    expect(own.items.map((i) => i.id)).toEqual([hazardId]);
    const others = await json<{ items: { id: string }[] }>(
      await h.call("GET", "/api/instances?processKey=hazard-closure", { token: otherEnterprise }),
    );
    expect(others.items.map((i) => i.id)).toEqual([dismissedId]);
    expect(
      (await h.call("GET", `/api/instances/${hazardId}`, { token: otherEnterprise })).status,
    ).toBe(403);

    const detail = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${hazardId}`, { token: office }),
    );
    expect(detail.activeStates).toEqual([{ key: "rectifying", label: "整改中" }]);
    expect(detail.vars.overdue).toBe(true);
    expect(detail.children.map((c) => c.processKey)).toEqual(["rectification-escalation"]);
    const inbox = await json<{ items: { name: string; processKey: string }[] }>(
      await h.call("GET", "/api/tasks?overdue=true", { token: hongda }),
    );
    expect(inbox.items.map((t) => t.name)).toContain("整改");
  });

  test("stats by village: open, overdue, dismissed and the escalation level", async () => {
    const stats = await json<{ items: Record<string, unknown>[]; totals: Record<string, unknown> }>(
      await h.call("GET", "/api/stats/hazards?groupBy=village", { token: office }),
    );
    expect(stats.items.find((r) => r.key === "tf01")).toMatchObject({
      total: 1,
      open: 1,
      overdue: 1,
      byLevel: { "1": 1, "2": 0 },
    });
    expect(stats.items.find((r) => r.key === "tf02")).toMatchObject({
      total: 1,
      open: 0,
      dismissed: 1,
    });
    expect(stats.totals).toMatchObject({ total: 2, open: 1, overdue: 1 });
    const byStatus = await json<{ items: { key: string; label: string }[] }>(
      await h.call("GET", "/api/stats/hazards?groupBy=status", { token: office }),
    );
    expect(byStatus.items).toContainEqual(
      expect.objectContaining({ key: "rectifying", label: "整改中" }),
    );
    const forEnterprise = await json<{ totals: { total: number } }>(
      await h.call("GET", "/api/stats/hazards?groupBy=industry", { token: otherEnterprise }),
    );
    expect(forEnterprise.totals.total).toBe(1);
    expect(
      (await h.call("GET", "/api/stats/hazards?groupBy=enterprise", { token: office })).status,
    ).toBe(400);
  });

  test("the ledger: Chinese headers, 五落实 under one heading, dates as dates, a known row", async () => {
    const response = await h.call("GET", "/api/exports/hazard-ledger.xlsx", { token: office });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "重大隐患",
      "一般隐患",
      "待判定",
      "不予立案",
    ]);
    const sheet = workbook.getWorksheet("重大隐患")!;
    const header = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(header(1)).toEqual([
      "编号",
      "隐患名称",
      "企业",
      "村(社区)",
      "行业",
      "来源",
      "发现日期",
      "判定依据",
      "五落实",
      "五落实",
      "五落实",
      "五落实",
      "五落实",
      "状态",
      "是否超期",
      "督办级别",
      "销号日期",
      "附件",
      "企业编号",
      "村(社区)编码",
    ]);
    expect(header(2).slice(8, 13)).toEqual(["措施", "资金", "期限", "责任人", "预案"]);
    const rows = [3, 4].map((n) => sheet.getRow(n));
    const row = rows.find((r) => r.getCell(1).value === "YH-2025-001")!;
    expect((row.values as unknown[]).slice(1, 7)).toEqual([
      "YH-2025-001",
      "砂光车间除尘系统未设置泄爆装置",
      "红达木业有限公司",
      "铁峰村", // the name the directory filled in, not the code
      "工贸",
      "监督检查",
    ]);
    expect(row.getCell(7).value).toEqual(new Date(Date.UTC(2025, 2, 1)));
    expect(row.getCell(8).value).toBe("《工贸企业重大事故隐患判定标准》第十条");
    expect((row.values as unknown[]).slice(9, 14)).toEqual([
      "加装泄爆片",
      50000,
      new Date(Date.UTC(2025, 3, 30)),
      "张三",
      "粉尘爆炸专项应急预案",
    ]);
    expect((row.values as unknown[]).slice(14, 17)).toEqual(["整改中", "是", "函告"]);
    expect(row.getCell(17).value ?? null).toBeNull();
    expect(row.getCell(18).value ?? null).toBeNull(); // no attachments
    // The dismissed hazard is not on the 重大隐患 sheet but on its own.
    const numbers = (name: string) => {
      const found: unknown[] = [];
      workbook.getWorksheet(name)!.eachRow((r, n) => {
        if (n >= 3) found.push(r.getCell(1).value);
      });
      return found;
    };
    expect(numbers("重大隐患")).toEqual(["YH-2025-001"]);
    expect(numbers("不予立案")).toEqual(["YH-2025-002"]);
    expect(workbook.getWorksheet("不予立案")!.getRow(3).getCell(14).value).toBe("不予立案");
  });

  test("ledger filters and visibility: village, status, dates; an enterprise gets only its own rows", async () => {
    const numbers = async (query: string, token = office) => {
      const response = await h.call("GET", `/api/exports/hazard-ledger.xlsx${query}`, { token });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const found: unknown[] = [];
      for (const sheet of workbook.worksheets)
        sheet.eachRow((row, n) => {
          if (n >= 3) found.push(row.getCell(1).value);
        });
      return found;
    };
    expect(await numbers("?village=tf02")).toEqual(["YH-2025-002"]);
    expect(await numbers("?status=overdue")).toEqual(["YH-2025-001"]);
    expect(await numbers("?status=closed")).toEqual([]);
    expect(await numbers("?from=2025-03-02")).toEqual([]);
    expect(await numbers("?to=2025-03-01&source=inspection")).toEqual([
      "YH-2025-001",
      "YH-2025-002",
    ]);
    expect(await numbers("", hongda)).toEqual(["YH-2025-001"]);
    expect(
      (await h.call("GET", "/api/exports/hazard-ledger.xlsx?from=yesterday", { token: office }))
        .status,
    ).toBe(400);
  });
});

describe("tip-offs", () => {
  test("the reporter's name and phone reach the safety office only; the enterprise never sees the tip-off", async () => {
    const started = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "tip-off-reward",
        variables: {
          content: "红达木业夜间违规生产",
          channel: "12350",
          reporterName: "匿名群众甲",
          reporterPhone: "13912345678",
          enterpriseId: "hongda",
        },
      },
    });
    expect(started.status).toBe(201);
    const { id } = await json<{ id: string }>(started);
    await complete(office, id, "ACCEPT", {});
    const asOffice = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${id}`, { token: office }),
    );
    expect(asOffice.vars).toMatchObject({
      reporterName: "匿名群众甲",
      reporterPhone: "13912345678",
    });

    const paths = [
      `/api/instances/${id}`,
      `/api/instances/${id}/history`,
      "/api/instances?processKey=tip-off-reward",
      "/api/tasks?processKey=tip-off-reward",
      "/api/stats/tip-offs?groupBy=channel",
    ];
    for (const path of paths) {
      const response = await h.call("GET", path, { token: lawEnforcement });
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text).not.toContain("13912345678");
      expect(text).not.toContain("匿名群众甲");
    }
    expect((await h.call("GET", `/api/instances/${id}`, { token: hongda })).status).toBe(403);
    const list = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/instances?processKey=tip-off-reward", { token: hongda }),
    );
    expect(list.items).toEqual([]);
    const stats = await json<{ items: { key: string; label: string; total: number }[] }>(
      await h.call("GET", "/api/stats/tip-offs?groupBy=channel", { token: office }),
    );
    expect(stats.items).toEqual([expect.objectContaining({ key: "12350", total: 1 })]);
    const accidents = await h.call("GET", "/api/stats/accidents?groupBy=grade", { token: office });
    expect(await json(accidents)).toMatchObject({ groupBy: "grade", items: [] });
  });
});

describe("accidents", () => {
  test("stats by grade, and by stage with both tracks of 一案双查 counted once under the parallel stage", async () => {
    const started = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "accident-investigation",
        variables: {
          title: "红达木业机械伤害事故",
          occurredAt: "2025-05-01T10:00:00+08:00",
          location: "砂光车间",
          enterpriseId: "hongda",
          deaths: 0,
          seriousInjuries: 1,
          directLoss: 20000,
        },
      },
    });
    expect(started.status).toBe(201);
    const { id } = await json<{ id: string }>(started);
    await complete(office, id, "VERIFIED", {});
    await complete(office, id, "TEAM_FORMED", {
      teamLeader: "王强",
      teamMembers: "应急办、纪委、派出所",
    });
    const detail = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${id}`, { token: office }),
    );
    expect(detail.activeStates.map((s) => s.key).sort()).toEqual([
      "enterpriseInvestigating",
      "extensionOpen",
      "regulatorInvestigating",
    ]);

    const byStage = await json<{
      items: { key: string; label: string; total: number; open: number }[];
    }>(await h.call("GET", "/api/stats/accidents?groupBy=stage", { token: office }));
    expect(byStage.items).toEqual([
      expect.objectContaining({
        key: "investigating",
        label: "调查中（一案双查）",
        total: 1,
        open: 1,
      }),
    ]);
    const byGrade = await json<{ items: { key: string; label: string; total: number }[] }>(
      await h.call("GET", "/api/stats/accidents", { token: office }),
    );
    expect(byGrade.items).toEqual([
      expect.objectContaining({ key: "general", label: "一般", total: 1 }),
    ]);
    const forOtherEnterprise = await json<{ totals: { total: number } }>(
      await h.call("GET", "/api/stats/accidents", { token: otherEnterprise }),
    );
    expect(forOtherEnterprise.totals.total).toBe(0);
  });
});
