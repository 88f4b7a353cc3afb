/**
 * The 晾晒 board for one period, read from `ranking_counts` (a few rows per enterprise, kept
 * by a trigger as cases change) and named from the directory: villages ranked, enterprises
 * ranked within each village, the five with the most overdue major hazards and the short
 * text of the 晾晒通报. The page, the Excel workbook and the printed 通报 all show this.
 *
 * Order: share of inspections on time (highest first; nothing due last), then fewer overdue
 * major hazards, then share of hazards closed on time, then name.
 *
 * @example
 * ```ts
 * const ranking = await readRanking(db, parsePeriod("2027-01")!, { township: "铁峰乡" });
 * ranking.villages[0]?.figures.inspectionsOnTime; // { numerator: 40, denominator: 42, percent: 95.2 }
 * ```
 */
import { and, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../engine/store/database.js";
import { rowsOf } from "../../engine/service/rows.js";
import { instances } from "../../engine/store/schema.js";
import { enterprises, villages } from "../directory/directory-schema.js";
import { periodBounds, periodLabel, previousPeriod, type RankingPeriod } from "./ranking-period.js";
import type { RankedEnterprise, Ranking, RankingFigures, Ratio } from "./ranking-schemas.js";

/** The raw counts of one enterprise (or a sum of them) for the period. */
interface Counts {
  due: number;
  onTime: number;
  late: number;
  closed: number;
  closedOnTime: number;
  majorOpen: number;
  majorOverdue: number;
  letters: number;
  circulars: number;
  interviews: number;
  /** Escalation cases open at any time in the period: the denominator of the three above. */
  escalationsOpen: number;
  previousDue: number;
  previousOnTime: number;
}

const COUNT_NAMES = [
  "due",
  "onTime",
  "late",
  "closed",
  "closedOnTime",
  "majorOpen",
  "majorOverdue",
  "letters",
  "circulars",
  "interviews",
  "escalationsOpen",
  "previousDue",
  "previousOnTime",
] as const satisfies readonly (keyof Counts)[];

const zero = (): Counts =>
  Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as unknown as Counts;

function add(sum: Counts, counts: Counts): Counts {
  for (const name of COUNT_NAMES) sum[name] += counts[name];
  return sum;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return {
    numerator,
    denominator,
    percent: denominator === 0 ? null : Math.round((numerator * 1000) / denominator) / 10,
  };
}

function figuresOf(c: Counts): RankingFigures {
  return {
    inspectionsOnTime: ratio(c.onTime, c.due),
    inspectionsLate: c.late,
    inspectionsMissed: c.due - c.onTime - c.late,
    majorOverdue: ratio(c.majorOverdue, c.majorOpen),
    hazardsClosedOnTime: ratio(c.closedOnTime, c.closed),
    escalations: {
      open: c.escalationsOpen,
      letter: ratio(c.letters, c.escalationsOpen),
      circular: ratio(c.circulars, c.escalationsOpen),
      interview: ratio(c.interviews, c.escalationsOpen),
    },
  };
}

/** Highest share first, nothing to share last. */
const byShare = (a: number | null, b: number | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a;

function compareFigures(a: RankingFigures, b: RankingFigures): number {
  return (
    byShare(a.inspectionsOnTime.percent, b.inspectionsOnTime.percent) ||
    a.majorOverdue.numerator - b.majorOverdue.numerator ||
    byShare(a.hazardsClosedOnTime.percent, b.hazardsClosedOnTime.percent)
  );
}

function ranked<T extends { figures: RankingFigures; name: string }>(
  items: T[],
): (T & { rank: number })[] {
  return [...items]
    .sort((a, b) => compareFigures(a.figures, b.figures) || a.name.localeCompare(b.name, "zh-CN"))
    .map((item, i) => ({ ...item, rank: i + 1 }));
}

/** Each enterprise's counts: the period's own figures, and balances summed up to its end. */
async function readCounts(db: Db, period: RankingPeriod) {
  const previous = previousPeriod(period).key;
  const result = await db.execute(sql`
    select village, enterprise_id,
      coalesce(sum(inspections_due) filter (where period = ${period.key}), 0) as "due",
      coalesce(sum(inspections_on_time) filter (where period = ${period.key}), 0) as "onTime",
      coalesce(sum(inspections_late) filter (where period = ${period.key}), 0) as "late",
      coalesce(sum(hazards_closed) filter (where period = ${period.key}), 0) as "closed",
      coalesce(sum(hazards_closed_on_time) filter (where period = ${period.key}), 0) as "closedOnTime",
      coalesce(sum(major_open_delta), 0) as "majorOpen",
      coalesce(sum(major_overdue_delta), 0) as "majorOverdue",
      coalesce(sum(letters) filter (where period = ${period.key}), 0) as "letters",
      coalesce(sum(circulars) filter (where period = ${period.key}), 0) as "circulars",
      coalesce(sum(interviews) filter (where period = ${period.key}), 0) as "interviews",
      coalesce(sum(inspections_due) filter (where period = ${previous}), 0) as "previousDue",
      coalesce(sum(inspections_on_time) filter (where period = ${previous}), 0) as "previousOnTime"
    from ranking_counts
    where kind = ${period.kind} and period <= ${period.key}
    group by village, enterprise_id`);
  return rowsOf<Record<string, unknown>>(result).map((row) => {
    const counts = zero();
    for (const name of COUNT_NAMES) counts[name] = Number(row[name] ?? 0);
    return { village: String(row.village), enterpriseId: String(row.enterprise_id), counts };
  });
}

/**
 * Each enterprise's escalation cases open at any time in the period (started before its end,
 * not ended before its start), read from the instances at read time: the counts keep what
 * happened in a period, not what was open across it. Few rows (one per escalation), found by
 * the `instances_process_status` index.
 */
async function readOpenEscalations(db: Db, period: RankingPeriod) {
  const { start, end } = periodBounds(period);
  const village = sql<string>`${instances.vars} ->> 'village'`;
  const enterpriseId = sql<string>`${instances.vars} ->> 'enterpriseId'`;
  return db
    .select({ village, enterpriseId, open: sql<number>`count(*)::int` })
    .from(instances)
    .where(
      and(
        eq(instances.processKey, "rectification-escalation"),
        lt(instances.startedAt, end),
        or(isNull(instances.endedAt), gte(instances.endedAt, start)),
        sql`${village} is not null and ${enterpriseId} is not null`,
      ),
    )
    .groupBy(village, enterpriseId);
}

/** The counts with the open escalations added, one row per village and enterprise. */
async function readAllCounts(db: Db, period: RankingPeriod) {
  const [rows, open] = await Promise.all([readCounts(db, period), readOpenEscalations(db, period)]);
  const keyOf = (village: string, enterpriseId: string): string =>
    `${village}\u0000${enterpriseId}`;
  const byKey = new Map(rows.map((r) => [keyOf(r.village, r.enterpriseId), r] as const));
  for (const o of open) {
    const key = keyOf(o.village, o.enterpriseId);
    let row = byKey.get(key);
    if (!row) {
      row = { village: o.village, enterpriseId: o.enterpriseId, counts: zero() };
      byKey.set(key, row);
      rows.push(row);
    }
    row.counts.escalationsOpen += Number(o.open);
  }
  return rows;
}

const shown = (c: Counts) =>
  c.due +
    c.closed +
    c.majorOpen +
    c.letters +
    c.circulars +
    c.interviews +
    c.escalationsOpen +
    c.previousDue >
  0;

export async function readRanking(
  db: Db,
  period: RankingPeriod,
  options: { township: string },
): Promise<Ranking> {
  const rows = (await readAllCounts(db, period)).filter((r) => shown(r.counts));
  const villageRows = await db.select({ code: villages.code, name: villages.name }).from(villages);
  const ids = [...new Set(rows.map((r) => r.enterpriseId))];
  const names = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: enterprises.id, name: enterprises.name })
            .from(enterprises)
            .where(inArray(enterprises.id, ids))
        ).map((e) => [e.id, e.name] as const),
  );
  const villageNames = new Map(villageRows.map((v) => [v.code, v.name] as const));
  for (const row of rows)
    if (!villageNames.has(row.village)) villageNames.set(row.village, row.village);

  const total = zero();
  const villagesRanked = ranked(
    [...villageNames].map(([code, name]) => {
      const own = rows.filter((r) => r.village === code);
      const sum = own.reduce((s, r) => add(s, r.counts), zero());
      add(total, sum);
      const enterprisesRanked: RankedEnterprise[] = ranked(
        own.map((r) => ({
          id: r.enterpriseId,
          name: names.get(r.enterpriseId) ?? r.enterpriseId,
          figures: figuresOf(r.counts),
        })),
      );
      return {
        code,
        name,
        figures: figuresOf(sum),
        previousOnTime: ratio(sum.previousOnTime, sum.previousDue),
        enterprises: enterprisesRanked,
      };
    }),
  );

  const mostOverdue = rows
    .filter((r) => r.counts.majorOverdue > 0)
    .map((r) => ({
      id: r.enterpriseId,
      name: names.get(r.enterpriseId) ?? r.enterpriseId,
      villageName: villageNames.get(r.village) ?? r.village,
      overdue: r.counts.majorOverdue,
    }))
    .sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, "zh-CN"))
    .slice(0, 5);

  const ranking: Omit<Ranking, "summary"> = {
    period: period.key,
    kind: period.kind,
    label: periodLabel(period),
    previousPeriod: previousPeriod(period).key,
    township: options.township,
    villages: villagesRanked,
    totals: figuresOf(total),
    mostOverdue,
  };
  return { ...ranking, summary: rankingSummary(ranking) };
}

const percentText = (r: Ratio) => `${r.numerator}/${r.denominator}，${r.percent ?? 0}%`;

/** The 通报's short text: the worst village, the most improved, the most overdue enterprises. */
export function rankingSummary(ranking: Omit<Ranking, "summary">): string[] {
  const lines: string[] = [];
  const withShare = ranking.villages.filter((v) => v.figures.inspectionsOnTime.percent !== null);
  const worst = withShare[withShare.length - 1];
  lines.push(
    worst
      ? `按时排查率最低：${worst.name}（${percentText(worst.figures.inspectionsOnTime)}）。`
      : "本期没有到期的排查。",
  );
  const improved = withShare
    .filter((v) => v.previousOnTime.percent !== null)
    .map((v) => ({ v, gain: v.figures.inspectionsOnTime.percent! - v.previousOnTime.percent! }))
    .filter((x) => x.gain > 0)
    .sort((a, b) => b.gain - a.gain)[0];
  lines.push(
    improved
      ? `进步最大：${improved.v.name}（上期 ${improved.v.previousOnTime.percent}% → 本期 ${improved.v.figures.inspectionsOnTime.percent}%）。`
      : "与上期相比，没有村(社区)的按时排查率提高。",
  );
  lines.push(
    ranking.mostOverdue.length > 0
      ? `重大隐患超期最多：${ranking.mostOverdue.map((e) => `${e.name}（${e.overdue}件）`).join("、")}。`
      : "期末没有超期的重大隐患。",
  );
  return lines;
}
