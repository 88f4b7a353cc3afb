/**
 * Dates and durations as a Chinese reader expects them, in Beijing time, one format
 * everywhere: `2026-11-29` for a date, `2026-11-29 14:00` for a moment, and
 * `11-29 14:00` in lists (with the year when it is not this year).
 *
 * @example
 * ```ts
 * formatDateTime("2026-11-29T06:00:00Z"); // "2026-11-29 14:00"
 * formatListTime("2026-11-29T06:00:00Z"); // "11-29 14:00" (in 2026)
 * describeDue("2026-12-02T06:00:00Z", Date.parse("2026-11-29T06:00:05Z")).text; // "还剩 3 天"
 * ```
 */
const beijing = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The Beijing wall-clock fields of an instant. */
function partsOf(date: Date): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const parts = Object.fromEntries(beijing.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
  };
}

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value: string | null | undefined): string {
  const date = parse(value);
  if (!date) return value || "—";
  const p = partsOf(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(value: string | null | undefined): string {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value; // a date, not a moment
  const date = parse(value);
  if (!date) return value || "—";
  const p = partsOf(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A moment in a list: `11-29 14:00`, with the year when it is not the current one. */
export function formatListTime(value: string | null | undefined, now = Date.now()): string {
  const date = parse(value);
  if (!date) return value || "—";
  const p = partsOf(date);
  const sameYear = partsOf(new Date(now)).year === p.year;
  return `${sameYear ? "" : `${p.year}-`}${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * "还剩 3 天" / "还剩 2 天 5 小时" / "已超期 4 小时", counted from the due instant to
 * the hour: a task due in three days says three days the moment it opens.
 */
export function describeDue(
  dueAt: string | null,
  now = Date.now(),
): { text: string; overdue: boolean } {
  if (!dueAt) return { text: "无期限", overdue: false };
  const diffMs = new Date(dueAt).getTime() - now;
  const overdue = diffMs < 0;
  const hours = Math.max(1, Math.round(Math.abs(diffMs) / 3_600_000));
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const amount =
    days === 0 ? `${hours} 小时` : rest === 0 ? `${days} 天` : `${days} 天 ${rest} 小时`;
  return { text: overdue ? `已超期 ${amount}` : `还剩 ${amount}`, overdue };
}

const isoDuration =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `P3D` → "3天", `PT1H` → "1小时", `{ expr }` or an `at` that is not a date → "按公式计算"; anything else is shown as written. */
export function describeDuration(value: unknown): string {
  if (typeof value !== "string") {
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.at === "string")
        return /^\d{4}-\d{2}-\d{2}/.test(record.at) ? `于 ${record.at}` : "按公式计算";
      // The expression is the designer panel's business; people read that it is computed.
      if (typeof record.expr === "string") return "按公式计算";
    }
    return "";
  }
  const match = isoDuration.exec(value);
  if (!match) return value;
  const units = ["年", "个月", "周", "天", "小时", "分钟", "秒"];
  const parts = match
    .slice(1)
    .map((n, i) => (n ? `${n}${units[i]}` : ""))
    .filter(Boolean);
  return parts.join("") || value;
}

export const statusLabels: Record<string, string> = {
  open: "待办",
  claimed: "已签收",
  completed: "已完成",
  cancelled: "已取消",
  running: "进行中",
  terminated: "已终止",
};
