/** A month, a quarter or a year for the 晾晒 pages: the kind, then the period of that kind. */
import { parsePeriod, type PeriodKind } from "../../../processes/ranking/ranking-period.js";

const KIND_LABELS: Record<PeriodKind, string> = { month: "月度", quarter: "季度", year: "年度" };

function periodIn(kind: PeriodKind, year: number, index: number): string {
  if (kind === "month") return `${year}-${String(index).padStart(2, "0")}`;
  if (kind === "quarter") return `${year}-Q${Math.min(4, Math.ceil(index / 3))}`;
  return String(year);
}

export function PeriodPicker({
  period,
  onChange,
}: {
  period: string;
  onChange: (period: string) => void;
}) {
  const parsed = parsePeriod(period);
  if (!parsed) return null;
  const monthIndex = parsed.kind === "quarter" ? parsed.index * 3 - 2 : parsed.index;
  const years = Array.from({ length: 6 }, (_, i) => parsed.year - 3 + i);
  const indexes = parsed.kind === "month" ? 12 : parsed.kind === "quarter" ? 4 : 0;
  return (
    <span className="period-picker">
      <select
        aria-label="统计周期"
        value={parsed.kind}
        onChange={(e) => onChange(periodIn(e.target.value as PeriodKind, parsed.year, monthIndex))}
      >
        {(Object.keys(KIND_LABELS) as PeriodKind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <select
        aria-label="年份"
        value={parsed.year}
        onChange={(e) => onChange(periodIn(parsed.kind, Number(e.target.value), monthIndex))}
      >
        {years.map((y) => (
          <option key={y} value={y}>
            {y}年
          </option>
        ))}
      </select>
      {indexes > 0 && (
        <select
          aria-label={parsed.kind === "month" ? "月份" : "季度"}
          value={parsed.index}
          onChange={(e) => {
            const i = Number(e.target.value);
            onChange(periodIn(parsed.kind, parsed.year, parsed.kind === "quarter" ? i * 3 : i));
          }}
        >
          {Array.from({ length: indexes }, (_, i) => i + 1).map((i) => (
            <option key={i} value={i}>
              {parsed.kind === "month" ? `${i}月` : `第${"一二三四"[i - 1]}季度`}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}
