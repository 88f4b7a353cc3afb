/**
 * The 晾晒通报 as an Excel workbook (exceljs), from the same figures as the page: a sheet
 * 村(社区)排名, a sheet 企业排名 (by village, then rank), and 通报 with the title and the
 * short text. Each share is written as its numerator, denominator and percentage; the
 * escalations as the three levels' numerators and their one denominator (期内在办督办).
 *
 * @example
 * ```ts
 * const buffer = await buildRankingWorkbook(await readRanking(db, period, { township }));
 * ```
 */
import ExcelJS from "exceljs";
import type { Ranking, RankingFigures, Ratio } from "./ranking-schemas.js";

export const RANKING_SHEETS = { villages: "村(社区)排名", enterprises: "企业排名", notice: "通报" };

const FIGURE_HEADERS = [
  "按时排查",
  "应排查",
  "按时率(%)",
  "逾期完成",
  "未完成",
  "超期重大隐患",
  "在办重大隐患",
  "按期销号",
  "销号",
  "按期销号率(%)",
  "函告",
  "通报",
  "约谈",
  "期内在办督办",
];

/** What the escalation columns count, on the 通报 sheet under the text. */
export const ESCALATION_LEGEND =
  "函告、通报、约谈：本期达到该级别的督办件数 / 期内在办督办件数（期末前立案、期初前未办结的督办）。";

const percent = (r: Ratio) => r.percent ?? "—";

function figureCells(f: RankingFigures): (number | string)[] {
  return [
    f.inspectionsOnTime.numerator,
    f.inspectionsOnTime.denominator,
    percent(f.inspectionsOnTime),
    f.inspectionsLate,
    f.inspectionsMissed,
    f.majorOverdue.numerator,
    f.majorOverdue.denominator,
    f.hazardsClosedOnTime.numerator,
    f.hazardsClosedOnTime.denominator,
    percent(f.hazardsClosedOnTime),
    f.escalations.letter.numerator,
    f.escalations.circular.numerator,
    f.escalations.interview.numerator,
    f.escalations.open,
  ];
}

function headerRow(sheet: ExcelJS.Worksheet, headers: string[]) {
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
}

/** The title every sheet and the printed page share. */
export function rankingTitle(ranking: Ranking): string {
  return `${ranking.township}${ranking.label}安全生产排查治理晾晒通报`;
}

export async function buildRankingWorkbook(ranking: Ranking): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "zhiben";

  const notice = workbook.addWorksheet(RANKING_SHEETS.notice);
  notice.getColumn(1).width = 100;
  notice.addRow([rankingTitle(ranking)]).font = { bold: true, size: 14 };
  for (const line of ranking.summary) notice.addRow([line]);
  notice.addRow([`说明：${ESCALATION_LEGEND}`]).font = { italic: true };

  const villageSheet = workbook.addWorksheet(RANKING_SHEETS.villages);
  headerRow(villageSheet, ["名次", "村(社区)", ...FIGURE_HEADERS]);
  for (const v of ranking.villages)
    villageSheet.addRow([v.rank, v.name, ...figureCells(v.figures)]);
  villageSheet.addRow(["", "合计", ...figureCells(ranking.totals)]).font = { bold: true };
  villageSheet.getColumn(2).width = 16;

  const enterpriseSheet = workbook.addWorksheet(RANKING_SHEETS.enterprises);
  headerRow(enterpriseSheet, ["村(社区)", "村内名次", "企业", ...FIGURE_HEADERS]);
  for (const v of ranking.villages)
    for (const e of v.enterprises)
      enterpriseSheet.addRow([v.name, e.rank, e.name, ...figureCells(e.figures)]);
  enterpriseSheet.getColumn(1).width = 16;
  enterpriseSheet.getColumn(3).width = 28;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
