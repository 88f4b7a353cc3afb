/**
 * /dashboard: hazards by village, industry and status, overdue and escalation levels,
 * accidents by grade and stage, tip-offs by channel and outcome — each chart with its
 * numbers in a table whose columns add up to its 总数 — and the ledger download. Each
 * number links to the case list filtered to the cases it counts (case-links.tsx).
 */
import { useMemo, useState, type ReactNode } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import { download } from "../api/http.js";
import { useLiveTick } from "../components/live-updates.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { CountLink, rowFilter, type CaseFilter } from "./case-links.js";
import { EChart } from "./echart.js";
import type { ChartOption } from "./echart.js";

interface StatsRow {
  key: string | null;
  label: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  terminated: number;
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

const HAZARDS = "hazard-closure";
const ACCIDENTS = "accident-investigation";
const TIP_OFFS = "tip-off-reward";

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
    level,
    label: `${level} 级 ${levelNames[level]}`,
    value: levels[level] ?? 0,
  }));
  return (
    <>
      <div className="kpis">
        <Kpi label="隐患总数" value={totals.total} filter={{ process: HAZARDS, status: "all" }} />
        <Kpi label="在办" value={totals.open} filter={{ process: HAZARDS, status: "running" }} />
        <Kpi
          label="超期"
          value={totals.overdue}
          danger={totals.overdue > 0}
          filter={{ process: HAZARDS, overdue: "true" }}
        />
        <Kpi
          label="已销号"
          value={totals.closed}
          filter={{ process: HAZARDS, state: "closed" }}
          extra={
            <>
              （逾期{" "}
              <CountLink
                value={totals.closedLate ?? 0}
                filter={{ process: HAZARDS, state: "closed", "var.closedLate": "true" }}
                label={`逾期销号 ${totals.closedLate ?? 0}`}
              />
              ）
            </>
          }
        />
        <Kpi
          label="不予立案"
          value={totals.dismissed ?? 0}
          filter={{ process: HAZARDS, state: "dismissed" }}
        />
        <Kpi
          label="事故"
          value={props.accidentsByGrade.totals.total}
          filter={{ process: ACCIDENTS, status: "all" }}
        />
        <Kpi
          label="举报"
          value={props.tipOffsByChannel.totals.total}
          filter={{ process: TIP_OFFS, status: "all" }}
        />
      </div>
      <div className="chart-grid">
        <HazardCard title="隐患·按村（社区）" stats={props.byVillage} />
        <HazardCard title="隐患·按行业" stats={props.byIndustry} />
        <PieCard title="隐患·按状态" stats={props.byStatus} process={HAZARDS} />
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
                  <td>
                    <CountLink
                      value={r.value}
                      filter={{
                        process: HAZARDS,
                        status: "running",
                        "var.escalationLevel": String(r.level),
                      }}
                      label={`督办 ${r.label} ${r.value}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <PieCard title="事故·按等级" stats={props.accidentsByGrade} process={ACCIDENTS} />
        <SimpleCard title="事故·按阶段" stats={props.accidentsByStage} process={ACCIDENTS} />
        <PieCard title="举报·按渠道" stats={props.tipOffsByChannel} process={TIP_OFFS} />
        <SimpleCard title="举报·按核查结果" stats={props.tipOffsByOutcome} process={TIP_OFFS} />
      </div>
    </>
  );
}

function Kpi({
  label,
  value,
  danger,
  filter,
  extra,
}: {
  label: string;
  value: number;
  danger?: boolean;
  filter: CaseFilter;
  /** Shown after the label: a part of the number with its own link (逾期 2). */
  extra?: ReactNode;
}) {
  return (
    <div className={danger ? "kpi danger" : "kpi"}>
      <div className="kpi-value">
        <CountLink value={value} filter={filter} label={`${label} ${value}`} />
      </div>
      <div className="kpi-label">
        {label}
        {extra}
      </div>
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
      <HazardTable stats={stats} />
    </Card>
  );
}

/**
 * Hazards per row: 总数 = 在办 + 已销号 + 不予立案 + 已终止 (超期 is part of 在办, 逾期 of 已销号).
 */
function HazardTable({ stats }: { stats: Stats }) {
  const rows = [...stats.items, stats.totals];
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>{stats.groupBy === "village" ? "村（社区）" : "行业"}</th>
          <th>总数</th>
          <th>在办</th>
          <th>其中超期</th>
          <th>已销号</th>
          <th>不予立案</th>
          <th>已终止</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const isTotal = r === stats.totals;
          const row = isTotal ? {} : rowFilter(stats.groupBy, r.key);
          const link = (value: number, filter: CaseFilter, column: string) => (
            <CountLink
              value={value}
              filter={row && { process: HAZARDS, ...row, ...filter }}
              label={`${r.label} ${column} ${value}`}
            />
          );
          return (
            <tr
              key={isTotal ? "totals" : (r.key ?? "none")}
              className={isTotal ? "totals" : undefined}
            >
              <td>{r.label}</td>
              <td>{link(r.total, { status: "all" }, "总数")}</td>
              <td>{link(r.open, { status: "running" }, "在办")}</td>
              <td className={r.overdue ? "danger" : undefined}>
                {link(r.overdue, { overdue: "true" }, "超期")}
              </td>
              <td>
                {link(r.closed, { state: "closed" }, "已销号")}
                {r.closedLate ? (
                  <span className="muted">
                    （逾期{" "}
                    {link(r.closedLate, { state: "closed", "var.closedLate": "true" }, "逾期销号")}
                    ）
                  </span>
                ) : null}
              </td>
              <td>{link(r.dismissed ?? 0, { state: "dismissed" }, "不予立案")}</td>
              <td>{link(r.terminated, { status: "terminated" }, "已终止")}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PieCard({ title, stats, process }: { title: string; stats: Stats; process: string }) {
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
      <CountsTable stats={stats} process={process} />
    </Card>
  );
}

function SimpleCard({ title, stats, process }: { title: string; stats: Stats; process: string }) {
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
      <CountsTable stats={stats} process={process} />
    </Card>
  );
}

/** Per row: 总数 = 在办 + 已办结 + 已终止 (超期 is part of 在办). */
function CountsTable({ stats, process }: { stats: Stats; process: string }) {
  if (stats.items.length === 0) return null;
  const rows = [...stats.items, stats.totals];
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>分类</th>
          <th>总数</th>
          <th>在办</th>
          <th>其中超期</th>
          <th>已办结</th>
          <th>已终止</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const isTotal = r === stats.totals;
          const row = isTotal ? {} : rowFilter(stats.groupBy, r.key);
          const link = (value: number, filter: CaseFilter, column: string) => (
            <CountLink
              value={value}
              filter={row && { process, ...row, ...filter }}
              label={`${r.label} ${column} ${value}`}
            />
          );
          return (
            <tr
              key={isTotal ? "totals" : (r.key ?? "none")}
              className={isTotal ? "totals" : undefined}
            >
              <td>{r.label}</td>
              <td>{link(r.total, { status: "all" }, "总数")}</td>
              <td>{link(r.open, { status: "running" }, "在办")}</td>
              <td>{link(r.overdue, { overdue: "true" }, "超期")}</td>
              <td>{link(r.total - r.open - r.terminated, { status: "completed" }, "已办结")}</td>
              <td>{link(r.terminated, { status: "terminated" }, "已终止")}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
