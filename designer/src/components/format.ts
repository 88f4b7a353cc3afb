/** Dates and durations as a Chinese reader expects them (Beijing time). */
const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date);
}

/** "还剩 3 天" / "已超期 2 天" relative to now. */
export function describeDue(
  dueAt: string | null,
  now = Date.now(),
): { text: string; overdue: boolean } {
  if (!dueAt) return { text: "无期限", overdue: false };
  const diffMs = new Date(dueAt).getTime() - now;
  const overdue = diffMs < 0;
  const hours = Math.abs(diffMs) / 3_600_000;
  const amount =
    hours >= 24 ? `${Math.floor(hours / 24)} 天` : `${Math.max(1, Math.round(hours))} 小时`;
  return { text: overdue ? `已超期 ${amount}` : `还剩 ${amount}`, overdue };
}

const isoDuration =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `P3D` → "3天", `PT1H` → "1小时"; anything else is shown as written. */
export function describeDuration(value: unknown): string {
  if (typeof value !== "string") {
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.at === "string") return `于 ${record.at}`;
      if (typeof record.expr === "string") return `= ${record.expr}`;
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
