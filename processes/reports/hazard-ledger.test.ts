/**
 * The 隐患台账 over HTTP: each hazard on the sheet its kind says (重大隐患, 一般隐患, 待判定,
 * 不予立案), 来源 as the start form titles it, 编号 from the business key, attachments linked.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, json, type ApiHarness } from "../../test/api/api-harness.js";
import { photoWithGps } from "../../test/support/test-files.js";
import { loadProcesses } from "../load-processes.js";
import { createSafetyDomain } from "../safety-domain.js";

let h: ApiHarness;
let office: string;
let villageOfficer: string;
let workbook: ExcelJS.Workbook;
const ids: Record<string, string> = {};

const start = async (name: string, variables: Record<string, unknown>, businessKey?: string) => {
  const started = await json<{ id: string }>(
    await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "hazard-closure",
        ...(businessKey ? { businessKey } : {}),
        variables: { enterpriseId: "hongda", foundAt: "2025-03-01", ...variables },
      },
    }),
  );
  ids[name] = started.id;
  return started.id;
};

/** Completes the instance's open task as `token`'s user. */
const completeTask = async (
  token: string,
  id: string,
  outcome: string,
  data: Record<string, unknown>,
) => {
  const tasks = await json<{ items: { id: string }[] }>(
    await h.call("GET", `/api/tasks?instanceId=${id}`, { token }),
  );
  const response = await h.call("POST", `/api/tasks/${tasks.items[0]!.id}/complete`, {
    token,
    body: { outcome, data },
  });
  expect(response.status, await response.clone().text()).toBe(200);
};
const judge = (id: string, outcome: string, data: Record<string, unknown>) =>
  completeTask(office, id, outcome, data);
/** A self-reported or tipped-off hazard goes to its village's 现场核实 before the office judges it. */
const checkOnSite = (id: string) =>
  completeTask(villageOfficer, id, "ON_SITE_CHECKED", {
    asReported: "yes",
    onSiteFinding: "泄爆装置确未设置",
  });

/** Each sheet's data rows as { header: value }. */
const sheetRows = (name: string) => {
  const sheet = workbook.getWorksheet(name)!;
  const headers = Array.from({ length: sheet.columnCount }, (_, i) => {
    const top = String(sheet.getRow(1).getCell(i + 1).value);
    return top === "五落实" ? String(sheet.getRow(2).getCell(i + 1).value) : top;
  });
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n >= 3)
      rows.push(Object.fromEntries(headers.map((header, i) => [header, row.getCell(i + 1).value])));
  });
  return rows;
};

beforeAll(async () => {
  h = await createApiHarness({ plugins: [createSafetyDomain()] });
  await loadProcesses(h.engine);
  const admin = await h.signIn("qianli", ["directory-admin"]);
  office = await h.signIn("zhangwei", ["safety-office"]);
  villageOfficer = await h.signIn("chenjun", ["village-tf01"]);
  await json(
    await h.call("POST", "/api/villages", { token: admin, body: { code: "tf01", name: "铁峰村" } }),
  );
  await json(
    await h.call("POST", "/api/enterprises", {
      token: admin,
      body: {
        id: "hongda",
        creditCode: "91110108551385082Q",
        name: "红达木业有限公司",
        industry: "工贸",
        village: "tf01",
      },
    }),
  );
  const upload = new FormData();
  upload.append("file", new Blob([new Uint8Array(await photoWithGps())]), "隐患.jpg");
  const photo = await json<{ id: string }>(
    await h.call("POST", "/api/files", { token: office, body: upload }),
  );

  const major = await start(
    "major",
    { title: "除尘系统未设置泄爆装置", source: "self-report", hazardPhotos: [photo.id] },
    "YH-2025-099",
  );
  await checkOnSite(major);
  await judge(major, "CONFIRM_MAJOR", { basis: "《工贸企业重大事故隐患判定标准》第十条" });
  await judge(
    await start("general", { title: "配电箱门未关", source: "inspection" }),
    "DOWNGRADE_GENERAL",
    {},
  );
  await start("pending", { title: "砂光车间粉尘堆积", source: "tip-off" });
  await judge(
    await start("dismissed", { title: "仓库通道堆物", source: "monitoring" }),
    "DISMISS",
    {
      reason: "现场已整改",
    },
  );

  const response = await h.call("GET", "/api/exports/hazard-ledger.xlsx", { token: office });
  expect(response.status).toBe(200);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
});
afterAll(() => h?.close());

describe("the hazard ledger", () => {
  it("lists each hazard once, on the sheet its kind says", () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "重大隐患",
      "一般隐患",
      "待判定",
      "不予立案",
    ]);
    const titles = (name: string) => sheetRows(name).map((row) => row["隐患名称"]);
    expect(titles("重大隐患")).toEqual(["除尘系统未设置泄爆装置"]);
    expect(titles("一般隐患")).toEqual(["配电箱门未关"]);
    expect(titles("待判定")).toEqual(["砂光车间粉尘堆积"]);
    expect(titles("不予立案")).toEqual(["仓库通道堆物"]);
  });

  it("labels the source as the start form does", () => {
    const sources = ["重大隐患", "一般隐患", "待判定", "不予立案"].map(
      (name) => sheetRows(name)[0]!["来源"],
    );
    expect(sources).toEqual(["企业自查自报", "监督检查", "举报", "监测预警"]);
  });

  it("numbers a hazard by its business key: the one given at start, else the allocated one", () => {
    expect(sheetRows("重大隐患")[0]!["编号"]).toBe("YH-2025-099");
    // The first hazard numbered by the process's pattern (a given key takes no number).
    expect(sheetRows("一般隐患")[0]!["编号"]).toBe("铁峰隐〔2025〕001号");
  });

  it("links each hazard's attachments to its page", () => {
    expect(sheetRows("重大隐患")[0]!["附件"]).toEqual({
      text: "1 个",
      hyperlink: `http://localhost/instances/${ids.major!}#attachments`,
    });
    expect(sheetRows("一般隐患")[0]!["附件"] ?? null).toBeNull();
  });
});
