/**
 * The periods of the 晾晒 board: a month `2027-01`, a quarter `2027-Q1` or a year `2027`
 * (Beijing time), the one before it, and its name in Chinese.
 *
 * @example
 * ```ts
 * parsePeriod("2027-Q1"); // { kind: "quarter", key: "2027-Q1", year: 2027, index: 1 }
 * previousPeriod(parsePeriod("2027-01")!).key; // "2026-12"
 * periodLabel(parsePeriod("2027-01")!); // "2027年1月"
 * ```
 */

export type PeriodKind = "month" | "quarter" | "year";

export interface RankingPeriod {
  kind: PeriodKind;
  key: string;
  year: number;
  /** Month 1–12 or quarter 1–4; 1 for a year. */
  index: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

function periodOf(kind: PeriodKind, year: number, index: number): RankingPeriod {
  const key =
    kind === "month"
      ? `${year}-${pad(index)}`
      : kind === "quarter"
        ? `${year}-Q${index}`
        : `${year}`;
  return { kind, key, year, index };
}

/** The period a query names, or null when it names none. */
export function parsePeriod(text: string): RankingPeriod | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (month) return periodOf("month", Number(month[1]), Number(month[2]));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(text);
  if (quarter) return periodOf("quarter", Number(quarter[1]), Number(quarter[2]));
  if (/^\d{4}$/.test(text)) return periodOf("year", Number(text), 1);
  return null;
}

export function previousPeriod(period: RankingPeriod): RankingPeriod {
  const perYear = period.kind === "month" ? 12 : period.kind === "quarter" ? 4 : 1;
  return period.index > 1
    ? periodOf(period.kind, period.year, period.index - 1)
    : periodOf(period.kind, period.year - 1, perYear);
}

export function periodLabel(period: RankingPeriod): string {
  if (period.kind === "month") return `${period.year}年${period.index}月`;
  if (period.kind === "quarter") return `${period.year}年第${"一二三四"[period.index - 1]}季度`;
  return `${period.year}年`;
}

/** The period of the same kind that holds `at` (Beijing time). */
export function periodContaining(kind: PeriodKind, at: Date): RankingPeriod {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  if (kind === "month") return periodOf(kind, year, month);
  if (kind === "quarter") return periodOf(kind, year, Math.ceil(month / 3));
  return periodOf(kind, year, 1);
}

/** The instants a period starts at and ends before (midnight, Beijing time). */
export function periodBounds(period: RankingPeriod): { start: Date; end: Date } {
  const firstMonth =
    period.kind === "month" ? period.index : period.kind === "quarter" ? period.index * 3 - 2 : 1;
  const months = period.kind === "month" ? 1 : period.kind === "quarter" ? 3 : 12;
  const at = (monthIndex: number) => new Date(Date.UTC(period.year, monthIndex, 1) - 8 * 3600_000);
  return { start: at(firstMonth - 1), end: at(firstMonth - 1 + months) };
}
