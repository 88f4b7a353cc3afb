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
  "函告",
  "通报",
  "约谈",
];

/** An escalation level: cases that reached it / cases open in the period. */
function LevelText({ ratio }: { ratio: Ratio }) {
  return (
    <span className="ratio">
      {ratio.numerator}/{ratio.denominator}
    </span>
  );
}

/** What each figure counts, under the tables of the board and of the printed 通报. */
export function RankingLegend() {
  return (
    <p className="muted ranking-note">
      按时排查＝按期提交/应排查（已提交或已到期）；超期重大隐患＝期末超期/期末在办；按期销号＝按期销号/本期销号；函告、通报、约谈＝本期达到该级别的督办/期内在办督办（期末前立案、期初前未办结的督办）。
    </p>
  );
}

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
        <LevelText ratio={e.letter} />
      </td>
      <td>
        <LevelText ratio={e.circular} />
      </td>
      <td>
        <LevelText ratio={e.interview} />
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
