/** Import and export of the directory in Excel, through the API. */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "../../test/api/api-harness.js";
import { createSafetyDomain } from "../safety-domain.js";
import { creditCodeCheckCharacter } from "./credit-code.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let h: ApiHarness;
let admin: string;
let office: string;

beforeAll(async () => {
  h = await createApiHarness({ plugins: [createSafetyDomain()] });
  admin = await h.signIn("qianli", ["directory-admin"]);
  office = await h.signIn("zhangwei", ["safety-office"]);
  for (const body of [
    { code: "tf01", name: "铁峰村" },
    { code: "tf02", name: "新华村" },
  ])
    expect((await h.call("POST", "/api/villages", { token: admin, body })).status).toBe(201);
});
afterAll(() => h.close());

/** Test data: a credit code whose check character is computed for a made-up body. */
const codeFor = (i: number) => {
  const body = `91360781MA${String(1000000 + i)}`;
  return body + creditCodeCheckCharacter(body);
};

async function workbookFrom(rows: (string | null)[][], source?: ArrayBuffer): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  if (source) await workbook.xlsx.load(source);
  else {
    const template = await h.call("GET", "/api/enterprises/template.xlsx", { token: admin });
    expect(template.status).toBe(200);
    await workbook.xlsx.load(await template.arrayBuffer());
  }
  const sheet = workbook.getWorksheet("企业名录")!;
  for (const row of rows) sheet.addRow(row);
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

// 企业编号, 统一社会信用代码, 企业名称, 行业, 村(社区)编码, 地址, 规模, 高危行业, 主要负责人, 主要负责人手机, …
const row = (i: number, name = `铁峰第${i}加工厂`) => [
  null,
  codeFor(i),
  name,
  i % 2 ? "工贸" : "燃气",
  i % 3 ? "tf01" : "tf02",
  `铁峰乡工业路${i}号`,
  "小型",
  null,
  `负责人${i}`,
  `138-0000-${String(1000 + i)}`,
];

const upload = (file: ArrayBuffer) =>
  h.call("POST", "/api/enterprises/import", {
    token: admin,
    body: new Blob([file], { type: XLSX }),
    headers: { "Content-Type": XLSX },
  });

const count = async () =>
  (
    (await (await h.call("GET", "/api/enterprises?limit=200", { token: office })).json()) as {
      items: { name: string }[];
    }
  ).items.length;

describe("import", () => {
  it("a file with 3 bad rows of 50 reports exactly those rows, by row and column, and imports nothing", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1));
    rows[3]![1] = rows[3]![1]!.slice(0, 17) + (rows[3]![1]!.endsWith("0") ? "1" : "0"); // sheet row 5
    rows[18]![3] = "钓鱼"; // sheet row 20
    rows[31]![4] = "zz99"; // sheet row 33
    rows[31]![9] = "12345"; // …and its mobile
    const response = await upload(await workbookFrom(rows));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect([...new Set(problem.errors.map((e) => e.path.split(".")[1]))]).toEqual([
      "5",
      "20",
      "33",
    ]);
    expect(problem.errors).toEqual([
      {
        path: "rows.5.creditCode",
        message: "第5行「统一社会信用代码」：统一社会信用代码第18位（校验码）不正确",
      },
      { path: "rows.20.industry", message: expect.stringMatching(/^第20行「行业」：须为工贸、/) },
      { path: "rows.33.village", message: "第33行「村(社区)编码」：村(社区)不存在" },
      {
        path: "rows.33.principal.mobile",
        message: "第33行「主要负责人手机」：手机号须为11位，以13–19开头",
      },
    ]);
    expect(await count()).toBe(0);
  });

  it("the corrected file imports 50; importing it again updates them instead of adding", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1));
    const first = await upload(await workbookFrom(rows));
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toEqual({ rows: 50, created: 50, updated: 0 });
    expect(await count()).toBe(50);

    rows[0] = row(1, "铁峰第一化工有限公司");
    const again = await upload(await workbookFrom(rows));
    expect(await again.json()).toEqual({ rows: 50, created: 0, updated: 50 });
    expect(await count()).toBe(50);
    const found = (await (
      await h.call("GET", `/api/enterprises?q=${codeFor(1)}`, { token: office })
    ).json()) as { items: { id: string; name: string; principal: { mobile: string } }[] };
    expect(found.items).toEqual([
      expect.objectContaining({
        name: "铁峰第一化工有限公司",
        principal: { name: "负责人1", mobile: "13800001001" },
      }),
    ]);
    const history = (await (
      await h.call("GET", `/api/enterprises/${found.items[0]!.id}/history`, { token: office })
    ).json()) as { items: { changes: Record<string, unknown> }[] };
    expect(history.items[0]!.changes).toEqual({ name: ["铁峰第1加工厂", "铁峰第一化工有限公司"] });
  });

  it("refuses a file that is not a workbook, and is for directory-admin only", async () => {
    const garbage = await h.call("POST", "/api/enterprises/import", {
      token: admin,
      body: "not a workbook",
      headers: { "Content-Type": XLSX },
    });
    expect(garbage.status).toBe(400);
    const forbidden = await h.call("POST", "/api/enterprises/import", {
      token: office,
      body: "x",
      headers: { "Content-Type": XLSX },
    });
    expect(forbidden.status).toBe(403);
  });
});

describe("export", () => {
  it("exports the directory in the template's columns, and the export imports again unchanged", async () => {
    const response = await h.call("GET", "/api/enterprises/export.xlsx", { token: office });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    const file = await response.arrayBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file);
    const sheet = workbook.getWorksheet("企业名录")!;
    expect(sheet.rowCount).toBe(51);
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      "企业编号",
      "统一社会信用代码",
      "企业名称",
      "行业",
      "村(社区)编码",
    ]);
    const reimport = await upload(file);
    expect(await reimport.json()).toEqual({ rows: 50, created: 0, updated: 50 });
    expect(await count()).toBe(50);
  });
});
