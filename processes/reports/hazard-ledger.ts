/**
 * The 隐患台账 workbook (DOMAIN.md): one sheet per kind of hazard (重大隐患, 一般隐患,
 * 待判定, 不予立案), so that each sheet holds only what its title says; one row per
 * hazard, Chinese headers, the 五落实 columns grouped under one heading, dates as Excel
 * dates.
 *
 * @example
 * ```ts
 * const buffer = await buildHazardLedger(rows, { generatedAt: new Date() });
 * ```
 */
import ExcelJS from "exceljs";

/** The workbook's sheets, in this order, each present even when empty. */
export const LEDGER_SHEETS = ["重大隐患", "一般隐患", "待判定", "不予立案"] as const;
export type LedgerSheet = (typeof LEDGER_SHEETS)[number];

export interface LedgerRow {
  /** The sheet the hazard is listed on. */
  sheet: LedgerSheet;
  number: string;
  title: string | null;
  enterprise: string | null;
  village: string | null;
  industry: string | null;
  source: string | null;
  foundAt: Date | null;
  basis: string | null;
  measures: string | null;
  funds: number | null;
  deadline: Date | null;
  responsible: string | null;
  emergencyPlan: string | null;
  status: string;
  overdue: boolean;
  level: string | null;
  closedAt: Date | null;
  /** The case's attachments: how many, and the link to them on the case's page. */
  attachments: { count: number; url: string } | null;
  /** Codes beside the names: the enterprise's id and the village's code. */
  enterpriseId: string | null;
  villageCode: string | null;
}

interface Column {
  header: string;
  /** The heading the column sits under (五落实), if any. */
  group?: string;
  key: Exclude<keyof LedgerRow, "sheet">;
  width: number;
  kind?: "date" | "money" | "yesNo" | "link";
}

export const LEDGER_COLUMNS: Column[] = [
  { header: "编号", key: "number", width: 16 },
  { header: "隐患名称", key: "title", width: 30 },
  { header: "企业", key: "enterprise", width: 24 },
  { header: "村(社区)", key: "village", width: 12 },
  { header: "行业", key: "industry", width: 12 },
  { header: "来源", key: "source", width: 10 },
  { header: "发现日期", key: "foundAt", width: 12, kind: "date" },
  { header: "判定依据", key: "basis", width: 30 },
  { header: "措施", group: "五落实", key: "measures", width: 30 },
  { header: "资金", group: "五落实", key: "funds", width: 12, kind: "money" },
  { header: "期限", group: "五落实", key: "deadline", width: 12, kind: "date" },
  { header: "责任人", group: "五落实", key: "responsible", width: 12 },
  { header: "预案", group: "五落实", key: "emergencyPlan", width: 24 },
  { header: "状态", key: "status", width: 16 },
  { header: "是否超期", key: "overdue", width: 10, kind: "yesNo" },
  { header: "督办级别", key: "level", width: 10 },
  { header: "销号日期", key: "closedAt", width: 12, kind: "date" },
  { header: "附件", key: "attachments", width: 10, kind: "link" },
  { header: "企业编号", key: "enterpriseId", width: 14 },
  { header: "村(社区)编码", key: "villageCode", width: 12 },
];

/** Rows 1–2 are headings; data starts on row 3. */
export const LEDGER_FIRST_DATA_ROW = 3;

export async function buildHazardLedger(
  rows: LedgerRow[],
  options: { generatedAt: Date },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "治本 Zhiben";
  workbook.created = options.generatedAt;
  for (const name of LEDGER_SHEETS)
    addSheet(
      workbook,
      name,
      rows.filter((row) => row.sheet === name),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, name: LedgerSheet, rows: LedgerRow[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.columns = LEDGER_COLUMNS.map((column) => ({ key: column.key, width: column.width }));
  writeHeadings(sheet);
  for (const data of rows) {
    const row = sheet.addRow(LEDGER_COLUMNS.map((column) => cellValue(column, data)));
    LEDGER_COLUMNS.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      if (column.kind === "date") cell.numFmt = "yyyy-mm-dd";
      if (column.kind === "money") cell.numFmt = "#,##0.00";
    });
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: LEDGER_COLUMNS.length } };
}

/** Rows 1–2: each header over both rows, except 五落实 spanning its five columns on row 1. */
function writeHeadings(sheet: ExcelJS.Worksheet): void {
  const top = sheet.getRow(1);
  const sub = sheet.getRow(2);
  LEDGER_COLUMNS.forEach((column, index) => {
    const col = index + 1;
    if (column.group) {
      top.getCell(col).value = column.group;
      sub.getCell(col).value = column.header;
    } else {
      top.getCell(col).value = column.header;
      sheet.mergeCells(1, col, 2, col);
    }
  });
  const groupStart = LEDGER_COLUMNS.findIndex((c) => c.group) + 1;
  const groupEnd = LEDGER_COLUMNS.length - [...LEDGER_COLUMNS].reverse().findIndex((c) => c.group);
  if (groupStart > 0) sheet.mergeCells(1, groupStart, 1, groupEnd);
  for (const row of [top, sub]) {
    row.font = { bold: true };
    row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  }
}

function cellValue(column: Column, data: LedgerRow): ExcelJS.CellValue {
  const value = data[column.key];
  if (column.kind === "yesNo") return value ? "是" : "否";
  if (column.kind === "link") {
    const link = value as LedgerRow["attachments"];
    return link && link.count > 0 ? { text: `${link.count} 个`, hyperlink: link.url } : null;
  }
  return (value as Exclude<typeof value, LedgerRow["attachments"]>) ?? null;
}
