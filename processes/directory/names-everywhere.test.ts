/** Cases store ids; people see today's names: the inbox, the case, the statistics and the ledger. */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "../../test/api/api-harness.js";
import { loadProcesses } from "../load-processes.js";
import { createSafetyDomain } from "../safety-domain.js";

let h: ApiHarness;
let admin: string;
let office: string;
const hazards: string[] = [];

const json = async <T>(response: Response) => {
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
};

type Label = {
  field: string;
  kind: string;
  id: string;
  name: string | null;
  detail: string | null;
};

beforeAll(async () => {
  h = await createApiHarness({ plugins: [createSafetyDomain()] });
  await loadProcesses(h.engine);
  admin = await h.signIn("qianli", ["directory-admin"]);
  office = await h.signIn("zhangwei", ["safety-office"]);
  for (const body of [
    { code: "tf01", name: "铁峰村" },
    { code: "tf02", name: "新华村" },
  ])
    await json(await h.call("POST", "/api/villages", { token: admin, body }));
  for (const body of [
    {
      id: "hongda",
      creditCode: "91110108551385082Q",
      name: "红达木业有限公司",
      industry: "工贸",
      village: "tf01",
    },
    {
      id: "xinda",
      creditCode: "9144030071526726XG",
      name: "鑫达燃气供应站",
      industry: "燃气",
      village: "tf02",
    },
  ])
    await json(await h.call("POST", "/api/enterprises", { token: admin, body }));
  for (const [title, enterpriseId] of [
    ["除尘系统未设置泄爆装置", "hongda"],
    ["砂光车间粉尘堆积", "hongda"],
    ["钢瓶存放区无防倾倒措施", "xinda"],
  ] as const) {
    const started = await json<{ id: string }>(
      await h.call("POST", "/api/instances", {
        token: office,
        body: {
          processKey: "hazard-closure",
          variables: { title, enterpriseId, source: "inspection", foundAt: "2025-03-01" },
        },
      }),
    );
    hazards.push(started.id);
  }
  await json(
    await h.call("PATCH", "/api/enterprises/hongda", {
      token: admin,
      body: { name: "红达家居有限公司" },
    }),
  );
  await json(
    await h.call("PATCH", "/api/villages/tf01", { token: admin, body: { name: "铁峰社区" } }),
  );
});
afterAll(() => h.close());

describe("一企一档", () => {
  it("lists the enterprise's open hazards, escalations and accidents, only as the caller may see them", async () => {
    type Cases = { hazards: { id: string }[]; escalations: unknown[]; accidents: unknown[] };
    const cases = await json<Cases>(
      await h.call("GET", "/api/enterprises/hongda/cases", { token: office }),
    );
    expect(cases.hazards.map((c) => c.id).sort()).toEqual(hazards.slice(0, 2).sort());
    expect(cases.escalations).toEqual([]);
    expect(cases.accidents).toEqual([]);
    const other = await h.signIn("xu", ["enterprise-xinda"]);
    expect((await h.call("GET", "/api/enterprises/hongda/cases", { token: other })).status).toBe(
      404,
    );
    const own = await json<Cases>(
      await h.call("GET", "/api/enterprises/xinda/cases", { token: other }),
    );
    expect(own.hazards.map((c) => c.id)).toEqual([hazards[2]]);
  });
});

describe("after a rename", () => {
  it("every open case of the enterprise shows the new name in the inbox", async () => {
    const inbox = await json<{ items: { instanceId: string; references: Label[] }[] }>(
      await h.call("GET", "/api/tasks", { token: office }),
    );
    const ofHongda = inbox.items.filter((t) => hazards.slice(0, 2).includes(t.instanceId));
    expect(ofHongda).toHaveLength(2);
    for (const task of ofHongda)
      expect(task.references).toEqual([
        {
          field: "enterpriseId",
          kind: "enterprise",
          id: "hongda",
          name: "红达家居有限公司",
          detail: "铁峰社区 · 工贸",
        },
      ]);
    const xinda = inbox.items.find((t) => t.instanceId === hazards[2]);
    expect(xinda?.references[0]?.name).toBe("鑫达燃气供应站");
  });

  it("the case itself keeps its id and shows the new name", async () => {
    const detail = await json<{
      vars: Record<string, unknown>;
      references: Label[];
      tasks: { references: Label[] }[];
    }>(await h.call("GET", `/api/instances/${hazards[0]!}`, { token: office }));
    expect(detail.vars.enterpriseId).toBe("hongda");
    expect(detail.references[0]?.name).toBe("红达家居有限公司");
    expect(detail.tasks[0]?.references[0]?.name).toBe("红达家居有限公司");
  });

  it("statistics by village show the village's name, keyed by its code", async () => {
    const stats = await json<{ items: { key: string; label: string; total: number }[] }>(
      await h.call("GET", "/api/stats/hazards?groupBy=village", { token: office }),
    );
    expect(
      stats.items
        .map(({ key, label, total }) => ({ key, label, total }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: "tf01", label: "铁峰社区", total: 2 },
      { key: "tf02", label: "新华村", total: 1 },
    ]);
  });

  it("the ledger shows names, with the codes in their own columns", async () => {
    const response = await h.call("GET", "/api/exports/hazard-ledger.xlsx", { token: office });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("待判定")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (header: string) => headers.indexOf(header) + 1;
    const rows = [3, 4, 5].map((n) => sheet.getRow(n));
    const row = rows.find((r) => r.getCell(col("隐患名称")).value === "砂光车间粉尘堆积")!;
    expect(row.getCell(col("企业")).value).toBe("红达家居有限公司");
    expect(row.getCell(col("村(社区)")).value).toBe("铁峰社区");
    expect(row.getCell(col("企业编号")).value).toBe("hongda");
    expect(row.getCell(col("村(社区)编码")).value).toBe("tf01");
  });
});
