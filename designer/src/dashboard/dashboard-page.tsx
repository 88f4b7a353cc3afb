/**
 * /dashboard: hazards by village, industry and status, overdue and escalation levels,
 * accidents by grade and stage, tip-offs by channel and outcome — each chart with its
 * numbers in a table — and the ledger download.
 */
import { useMemo, useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import { download } from "../api/http.js";
import { useLiveTick } from "../components/live-updates.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { EChart } from "./echart.js";
import type { ChartOption } from "./echart.js";

interface StatsRow {
  key: string | null;
  label: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  closedOnTime?: number;
  closedLate?: number;
  dismissed?: number;
  byLevel?: Record<"1" | "2" | "3" | "4", number>;
}

interface Stats {
  groupBy: string;
  items: StatsRow[];
  totals: StatsRow;
}

const levelNames: Record<string, string> = {
  "1": "函告",
  "2": "通报",
  "3": "约谈",
  "4": "移交执法",
};
const palette = [
  "#1f6feb",
  "#d4380d",
  "#389e0d",
  "#d48806",
  "#722ed1",
  "#13a8a8",
  "#c41d7f",
  "#595959",
];

const get = (path: string, groupBy: string) => api.stats.get(path, { groupBy }) as Promise<Stats>;

export function DashboardPage() {
  const tick = useLiveTick();
  const stats = useAsync(async () => {
    const [
      byVillage,
      byIndustry,
      byStatus,
      accidentsByGrade,
      accidentsByStage,
      tipOffsByChannel,
      tipOffsByOutcome,
    ] = await Promise.all([
      get("hazards", "village"),
      get("hazards", "industry"),
      get("hazards", "status"),
      get("accidents", "grade"),
      get("accidents", "stage"),
      get("tip-offs", "channel"),
      get("tip-offs", "outcome"),
    ]);
    return {
      byVillage,
      byIndustry,
      byStatus,
      accidentsByGrade,
      accidentsByStage,
      tipOffsByChannel,
      tipOffsByOutcome,
    };
  }, [tick]);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const downloadLedger = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      await download("/exports/hazard-ledger.xlsx", `隐患台账-${day}.xlsx`);
    } catch (error) {
      setDownloadError(describeError(error));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className="page dashboard">
      <div className="page-head">
        <h1>统计</h1>
        <button
          type="button"
          className="btn primary"
          onClick={() => void downloadLedger()}
          disabled={downloading}
        >
          {downloading ? "正在导出…" : "下载隐患台账（Excel）"}
        </button>
      </div>
      {downloadError && (
        <div className="error-box" role="alert">
          {downloadError}
        </div>
      )}
      {stats.error ? <ErrorBox error={stats.error} onRetry={stats.reload} /> : null}
      {stats.loading && !stats.data ? (
        <Loading />
      ) : stats.data ? (
        <DashboardBody {...stats.data} />
      ) : null}
    </div>
  );
}

function DashboardBody(
  props: Record<
    | "byVillage"
    | "byIndustry"
    | "byStatus"
    | "accidentsByGrade"
    | "accidentsByStage"
    | "tipOffsByChannel"
    | "tipOffsByOutcome",
    Stats
  >,
) {
  const totals = props.byStatus.totals;
  const levels = totals.byLevel ?? { "1": 0, "2": 0, "3": 0, "4": 0 };
  const levelRows = (Object.keys(levelNames) as (keyof typeof levels)[]).map((level) => ({
    label: `${level} 级 ${levelNames[level]}`,
    value: levels[level] ?? 0,
  }));
  return (
    <>
      <div className="kpis">
        <Kpi label="隐患总数" value={totals.total} />
        <Kpi label="在办" value={totals.open} />
        <Kpi label="超期" value={totals.overdue} danger={totals.overdue > 0} />
        <Kpi label="按期销号" value={totals.closedOnTime ?? 0} />
        <Kpi label="逾期销号" value={totals.closedLate ?? 0} />
        <Kpi label="事故" value={props.accidentsByGrade.totals.total} />
        <Kpi label="举报" value={props.tipOffsByChannel.totals.total} />
      </div>
      <div className="chart-grid">
        <HazardCard title="隐患·按村（社区）" stats={props.byVillage} />
        <HazardCard title="隐患·按行业" stats={props.byIndustry} />
        <PieCard title="隐患·按状态" stats={props.byStatus} />
        <Card title="督办升级级别（在办隐患）">
          <BarChart
            label="督办升级级别"
            categories={levelRows.map((r) => r.label)}
            series={[{ name: "隐患数", data: levelRows.map((r) => r.value) }]}
          />
          <table className="table compact">
            <thead>
              <tr>
                <th>级别</th>
                <th>隐患数</th>
              </tr>
            </thead>
            <tbody>
              {levelRows.map((r) => (
                <tr key={r.label}>
                  <td>{r.label}</td>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <PieCard title="事故·按等级" stats={props.accidentsByGrade} />
        <SimpleCard title="事故·按阶段" stats={props.accidentsByStage} />
        <PieCard title="举报·按渠道" stats={props.tipOffsByChannel} />
        <SimpleCard title="举报·按核查结果" stats={props.tipOffsByOutcome} />
      </div>
    </>
  );
}

function Kpi({ label, value, danger }: { label: string; value: number; danger?: boolean }) {
  return (
    <div className={danger ? "kpi danger" : "kpi"}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="panel chart-card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function BarChart({
  label,
  categories,
  series,
  stacked,
}: {
  label: string;
  categories: string[];
  series: { name: string; data: number[] }[];
  stacked?: boolean;
}) {
  const option = useMemo<ChartOption>(
    () => ({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 40, right: 16, top: series.length > 1 ? 32 : 16, bottom: 48 },
      xAxis: {
        type: "category",
        data: categories,
        axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map((s) => ({
        type: "bar",
        name: s.name,
        data: s.data,
        stack: stacked ? "total" : undefined,
        barMaxWidth: 36,
      })),
    }),
    [categories, series, stacked],
  );
  return <EChart option={option} label={label} />;
}

function HazardCard({ title, stats }: { title: string; stats: Stats }) {
  const rows = stats.items;
  if (rows.length === 0)
    return (
      <Card title={title}>
        <p className="muted">暂无数据</p>
      </Card>
    );
  return (
    <Card title={title}>
      <BarChart
        label={title}
        stacked
        categories={rows.map((r) => r.label)}
        series={[
          { name: "在办（未超期）", data: rows.map((r) => r.open - r.overdue) },
          { name: "超期", data: rows.map((r) => r.overdue) },
          { name: "已销号", data: rows.map((r) => r.closed) },
        ]}
      />
      <table className="table compact">
        <thead>
          <tr>
            <th>{stats.groupBy === "village" ? "村（社区）" : "行业"}</th>
            <th>总数</th>
            <th>在办</th>
            <th>超期</th>
            <th>按期销号</th>
            <th>逾期销号</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key ?? "none"}>
              <td>{r.label}</td>
              <td>{r.total}</td>
              <td>{r.open}</td>
              <td className={r.overdue ? "danger" : undefined}>{r.overdue}</td>
              <td>{r.closedOnTime ?? 0}</td>
              <td>{r.closedLate ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function PieCard({ title, stats }: { title: string; stats: Stats }) {
  const option = useMemo<ChartOption>(
    () => ({
      color: palette,
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          radius: ["38%", "66%"],
          center: ["50%", "44%"],
          data: stats.items.map((r) => ({ name: r.label, value: r.total })),
          label: { formatter: "{b} {c}" },
        },
      ],
    }),
    [stats],
  );
  return (
    <Card title={title}>
      {stats.items.length === 0 ? (
        <p className="muted">暂无数据</p>
      ) : (
        <EChart option={option} label={title} />
      )}
      <CountsTable stats={stats} />
    </Card>
  );
}

function SimpleCard({ title, stats }: { title: string; stats: Stats }) {
  return (
    <Card title={title}>
      {stats.items.length === 0 ? (
        <p className="muted">暂无数据</p>
      ) : (
        <BarChart
          label={title}
          categories={stats.items.map((r) => r.label)}
          series={[{ name: "数量", data: stats.items.map((r) => r.total) }]}
        />
      )}
      <CountsTable stats={stats} />
    </Card>
  );
}

function CountsTable({ stats }: { stats: Stats }) {
  if (stats.items.length === 0) return null;
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>分类</th>
          <th>总数</th>
          <th>在办</th>
          <th>超期</th>
          <th>已办结</th>
        </tr>
      </thead>
      <tbody>
        {stats.items.map((r) => (
          <tr key={r.key ?? "none"}>
            <td>{r.label}</td>
            <td>{r.total}</td>
            <td>{r.open}</td>
            <td>{r.overdue}</td>
            <td>{r.closed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
