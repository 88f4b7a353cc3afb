/**
 * The 晾晒 tables: villages ranked, and the enterprises of one village ranked; each share
 * shown as numerator/denominator and percentage, the same figures as the Excel 通报.
 */
import type { ReactNode } from "react";
import type { RankedVillage, Ranking, RankingFigures, Ratio } from "../api/types.js";

export function RatioText({ ratio }: { ratio: Ratio }) {
  return (
    <span className="ratio">
      {ratio.numerator}/{ratio.denominator}
      <span className="ratio-percent">{ratio.percent === null ? "—" : `${ratio.percent}%`}</span>
    </span>
  );
}

const FIGURE_HEADERS = [
  "按时排查",
  "逾期完成",
  "未完成",
  "超期重大隐患",
  "按期销号",
  "函告/通报/约谈",
];

function FigureCells({ figures }: { figures: RankingFigures }) {
  const e = figures.escalations;
  return (
    <>
      <td>
        <RatioText ratio={figures.inspectionsOnTime} />
      </td>
      <td>{figures.inspectionsLate}</td>
      <td>{figures.inspectionsMissed}</td>
      <td>
        {figures.majorOverdue.numerator}/{figures.majorOverdue.denominator}
      </td>
      <td>
        <RatioText ratio={figures.hazardsClosedOnTime} />
      </td>
      <td>
        {e.letter}/{e.circular}/{e.interview}
      </td>
    </>
  );
}

function RankingTable({
  caption,
  nameHeader,
  children,
}: {
  caption: string;
  nameHeader: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table compact ranking-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th>名次</th>
            <th>{nameHeader}</th>
            {FIGURE_HEADERS.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function VillageRankingTable({
  ranking,
  nameOf = (v) => v.name,
}: {
  ranking: Ranking;
  /** The village's cell (the board links it to its enterprises). */
  nameOf?: (village: RankedVillage) => ReactNode;
}) {
  return (
    <RankingTable caption={`村(社区)排名 · ${ranking.label}`} nameHeader="村(社区)">
      {ranking.villages.map((v) => (
        <tr key={v.code}>
          <td>{v.rank}</td>
          <td>{nameOf(v)}</td>
          <FigureCells figures={v.figures} />
        </tr>
      ))}
      <tr className="totals">
        <td />
        <td>合计</td>
        <FigureCells figures={ranking.totals} />
      </tr>
    </RankingTable>
  );
}

export function EnterpriseRankingTable({ village }: { village: RankedVillage }) {
  return (
    <RankingTable caption={`${village.name} · 企业排名`} nameHeader="企业">
      {village.enterprises.map((e) => (
        <tr key={e.id}>
          <td>{e.rank}</td>
          <td>{e.name}</td>
          <FigureCells figures={e.figures} />
        </tr>
      ))}
    </RankingTable>
  );
}
