/**
 * /ranking: the 晾晒 board. Pick a month, a quarter or a year; villages ranked, a village's
 * enterprises below it on demand; the 通报 as Excel or as a printable page.
 */
import { useState } from "react";
import { Link } from "react-router";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import { download } from "../api/http.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { PeriodPicker } from "./period-picker.js";
import { EnterpriseRankingTable, RankingLegend, VillageRankingTable } from "./ranking-tables.js";
import { useRankingPeriod } from "./use-ranking-period.js";

export function RankingPage() {
  const [period, setPeriod] = useRankingPeriod();
  const ranking = useAsync(() => api.ranking.get(period), [period]);
  const [open, setOpen] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const downloadNotice = async () => {
    setDownloadError(null);
    try {
      await download(`/ranking/notice.xlsx?period=${period}`, `晾晒通报-${period}.xlsx`);
    } catch (error) {
      setDownloadError(describeError(error));
    }
  };

  return (
    <div className="page ranking">
      <div className="page-head">
        <h1>晾晒排名</h1>
        <PeriodPicker period={period} onChange={setPeriod} />
        <button type="button" className="btn" onClick={() => void downloadNotice()}>
          下载通报（Excel）
        </button>
        <Link className="btn primary" to={`/ranking/print?period=${period}`}>
          打印通报
        </Link>
      </div>
      {downloadError && (
        <div className="error-box" role="alert">
          {downloadError}
        </div>
      )}
      {ranking.error ? <ErrorBox error={ranking.error} onRetry={ranking.reload} /> : null}
      {ranking.loading && !ranking.data ? <Loading /> : null}
      {ranking.data && (
        <>
          <ul className="ranking-summary">
            {ranking.data.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <VillageRankingTable
            ranking={ranking.data}
            nameOf={(v) => (
              <button
                type="button"
                className="link-button"
                aria-expanded={open === v.code}
                onClick={() => setOpen(open === v.code ? null : v.code)}
              >
                {v.name}
              </button>
            )}
          />
          {ranking.data.villages
            .filter((v) => v.code === open)
            .map((v) => (
              <EnterpriseRankingTable key={v.code} village={v} />
            ))}
          <RankingLegend />
        </>
      )}
    </div>
  );
}
