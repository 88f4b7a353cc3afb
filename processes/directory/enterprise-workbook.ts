/**
 * The directory as an Excel workbook (exceljs): one sheet 企业名录 with one row per
 * enterprise, the same columns for the template, the export and the import, so an
 * exported file can be corrected and imported again. A second sheet lists the
 * industries and villages a row may name.
 *
 * @example
 * ```ts
 * const buffer = await buildEnterpriseWorkbook(enterprises, { industries, villages });
 * const rows = await readEnterpriseWorkbook(buffer); // [{ row: 2, values: { creditCode: "…", … } }]
 * ```
 */
import ExcelJS from "exceljs";
import type { Enterprise } from "./directory-schemas.js";
import { STATUS_LABELS } from "./directory-schemas.js";

export const SHEET_NAME = "企业名录";

/** Columns in order: the header people read, the field it fills. */
export const WORKBOOK_COLUMNS = [
  { header: "企业编号", field: "id", width: 14 },
  { header: "统一社会信用代码", field: "creditCode", width: 22 },
  { header: "企业名称", field: "name", width: 28 },
  { header: "行业", field: "industry", width: 12 },
  { header: "村(社区)编码", field: "village", width: 12 },
  { header: "地址", field: "address", width: 28 },
  { header: "规模", field: "scale", width: 8 },
  { header: "高危行业", field: "highRisk", width: 8 },
  { header: "主要负责人", field: "principal.name", width: 10 },
  { header: "主要负责人手机", field: "principal.mobile", width: 14 },
  { header: "实际控制人", field: "controller.name", width: 10 },
  { header: "实际控制人手机", field: "controller.mobile", width: 14 },
  { header: "安全管理人员", field: "safetyManager.name", width: 10 },
  { header: "安全管理人员手机", field: "safetyManager.mobile", width: 14 },
  { header: "经营状态", field: "status", width: 10 },
] as const;

export type WorkbookField = (typeof WORKBOOK_COLUMNS)[number]["field"];

/** One data row as read: its sheet row number and each column's text (absent when empty). */
export interface WorkbookRow {
  row: number;
  values: Partial<Record<WorkbookField, string>>;
}

function cellOf(enterprise: Enterprise, field: WorkbookField): string | null {
  switch (field) {
    case "highRisk":
      return enterprise.highRisk ? "是" : "否";
    case "status":
      return STATUS_LABELS[enterprise.status];
    case "principal.name":
    case "controller.name":
    case "safetyManager.name":
    case "principal.mobile":
    case "controller.mobile":
    case "safetyManager.mobile": {
      const [who, part] = field.split(".") as ["principal", "name" | "mobile"];
      return enterprise[who]?.[part] ?? null;
    }
    default:
      return enterprise[field] ?? null;
  }
}

export async function buildEnterpriseWorkbook(
  enterprises: Enterprise[],
  lists: { industries: readonly string[]; villages: readonly { code: string; name: string }[] },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "治本 Zhiben";
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = WORKBOOK_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const enterprise of enterprises)
    sheet.addRow(WORKBOOK_COLUMNS.map((c) => cellOf(enterprise, c.field)));
  // Codes and mobiles are text: Excel would drop a leading zero or show 1.38E+10.
  for (const field of [
    "creditCode",
    "village",
    "principal.mobile",
    "controller.mobile",
    "safetyManager.mobile",
  ])
    sheet.getColumn(field).numFmt = "@";

  const help = workbook.addWorksheet("填写说明");
  help.columns = [
    { header: "行业（可选值）", key: "industry", width: 16 },
    { header: "村(社区)编码", key: "code", width: 14 },
    { header: "村(社区)名称", key: "name", width: 16 },
    { header: "其他", key: "note", width: 60 },
  ];
  const notes = [
    "统一社会信用代码：18位，校验位须正确；重复导入同一代码即更新该企业",
    "企业编号：可空（自动生成）；填写时用于新企业",
    "高危行业：是/否，空则按行业默认",
    "规模：大型/中型/小型/微型；经营状态：在营/停产整顿/关闭（空为在营）",
    "手机：11位，如 138-0000-0001",
  ];
  const length = Math.max(lists.industries.length, lists.villages.length, notes.length);
  for (let i = 0; i < length; i++)
    help.addRow({
      industry: lists.industries[i] ?? null,
      code: lists.villages[i]?.code ?? null,
      name: lists.villages[i]?.name ?? null,
      note: notes[i] ?? null,
    });
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's text whatever Excel stored: numbers, rich text, hyperlinks, formula results, dates. */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return cellText(value.richText.map((part) => part.text).join(""));
    if ("text" in value) return cellText(value.text as ExcelJS.CellValue);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return undefined;
}

/** Thrown when the file is not a workbook with the 企业名录 sheet and its headers. */
export class WorkbookShapeError extends Error {}

export async function readEnterpriseWorkbook(buffer: ArrayBuffer | Buffer): Promise<WorkbookRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as ArrayBuffer);
  } catch {
    throw new WorkbookShapeError("文件不是 Excel 工作簿（.xlsx）");
  }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw new WorkbookShapeError(`工作簿中没有「${SHEET_NAME}」工作表`);
  const headers = new Map<number, WorkbookField>();
  sheet.getRow(1).eachCell((cell, col) => {
    const column = WORKBOOK_COLUMNS.find((c) => c.header === cellText(cell.value));
    if (column) headers.set(col, column.field);
  });
  const missing = WORKBOOK_COLUMNS.filter(
    (c) => c.field !== "id" && ![...headers.values()].includes(c.field),
  ).filter((c) => ["creditCode", "name", "industry", "village"].includes(c.field));
  if (missing.length > 0)
    throw new WorkbookShapeError(`缺少列：${missing.map((c) => c.header).join("、")}`);
  const rows: WorkbookRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values: WorkbookRow["values"] = {};
    for (const [col, field] of headers) {
      const text = cellText(row.getCell(col).value);
      if (text !== undefined) values[field] = text;
    }
    if (Object.keys(values).length > 0) rows.push({ row: number, values });
  });
  return rows;
}
