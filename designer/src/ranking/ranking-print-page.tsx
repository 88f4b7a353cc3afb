/**
 * /ranking/print?period=2027-01: the 晾晒通报 on A4 — the township and the period, the short
 * text, villages ranked, the enterprises of each village, the five most overdue — from the
 * same figures as the board and the Excel. Opens the browser's print dialog on request.
 */
import { Link } from "react-router";
import { api } from "../api/client.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { EnterpriseRankingTable, RankingLegend, VillageRankingTable } from "./ranking-tables.js";
import { useRankingPeriod } from "./use-ranking-period.js";

export function RankingPrintPage() {
  const [period] = useRankingPeriod();
  const ranking = useAsync(() => api.ranking.get(period), [period]);
  if (ranking.error) return <ErrorBox error={ranking.error} onRetry={ranking.reload} />;
  if (!ranking.data) return <Loading />;
  const r = ranking.data;
  return (
    <article className="print-notice">
      <div className="no-print print-actions">
        <Link to={`/ranking?period=${period}`}>返回晾晒排名</Link>
        <button type="button" className="btn primary" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <h1>
        {r.township}
        {r.label}安全生产排查治理晾晒通报
      </h1>
      <section className="print-summary">
        {r.summary.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      <VillageRankingTable ranking={r} />
      <RankingLegend />
      {r.mostOverdue.length > 0 && (
        <section>
          <h2>重大隐患超期最多的企业</h2>
          <ol>
            {r.mostOverdue.map((e) => (
              <li key={e.id}>
                {e.name}（{e.villageName}）：{e.overdue} 件
              </li>
            ))}
          </ol>
        </section>
      )}
      {r.villages
        .filter((v) => v.enterprises.length > 0)
        .map((v) => (
          <EnterpriseRankingTable key={v.code} village={v} />
        ))}
    </article>
  );
}
