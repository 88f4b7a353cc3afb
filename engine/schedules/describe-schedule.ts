/**
 * A schedule in words, for the designer's panel and the API's listing:
 * `每个工作日 09:00，每家高危企业一件`. Pure and browser-safe.
 *
 * @example
 * ```ts
 * describeSchedule(
 *   { key: "daily", every: { rule: "workdays", at: "09:00" }, forEach: "enterprises", itemLabel: "高危企业" },
 *   { enterprises: { label: "企业", unit: "家" } },
 * ); // "每个工作日 09:00，每家高危企业一件"
 * ```
 */
import { parseDuration } from "../definition/duration.js";
import type { Schedule, ScheduleEvery } from "../definition/schedule-schema.js";
import { parseRepeatingInterval } from "./repeating-interval.js";

/** How a source's items are named in words: `企业` counted with `家`. */
export interface SourceWords {
  label: string;
  /** The measure word (量词), default 个. */
  unit?: string;
}

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

/** The rule alone: `每个工作日 09:00`, `每周一 09:00`, `自 2027-01-04 09:00 起每周`. */
export function describeEvery(every: ScheduleEvery): string {
  if (typeof every !== "string") {
    switch (every.rule) {
      case "daily":
        return `每天 ${every.at}`;
      case "workdays":
        return `每个工作日 ${every.at}`;
      case "weekly":
        return `每周${WEEKDAYS[every.day - 1] ?? every.day} ${every.at}`;
      case "weekly-first-workday":
        return `每周第一个工作日 ${every.at}`;
      case "monthly":
        return `每月 ${every.day} 日 ${every.at}`;
      case "monthly-first-workday":
        return `每月第一个工作日 ${every.at}`;
      case "quarterly-first-workday":
        return `每季度第一个工作日 ${every.at}`;
    }
  }
  const interval = parseRepeatingInterval(every);
  if (!interval) return every;
  const start = new Date(interval.start.getTime() + 8 * 3600_000).toISOString();
  const from = `自 ${start.slice(0, 10)} ${start.slice(11, 16)} 起`;
  const times = interval.repetitions === null ? "" : `，共 ${interval.repetitions} 次`;
  return `${from}${durationWords(interval.duration)}${times}`;
}

const UNITS: [keyof NonNullable<ReturnType<typeof parseDuration>>, string, string][] = [
  ["years", "年", "年"],
  ["months", "月", "个月"],
  ["weeks", "周", "周"],
  ["days", "天", "天"],
  ["hours", "小时", "小时"],
  ["minutes", "分钟", "分钟"],
  ["seconds", "秒", "秒"],
];

/** `P1M` → 每月, `P2W` → 每 2 周, `P1DT12H` → 每 1 天 12 小时. */
function durationWords(duration: string): string {
  const parts = parseDuration(duration);
  if (!parts) return duration;
  const used = UNITS.filter(([name]) => parts[name] > 0);
  const [only] = used;
  if (used.length === 1 && only && parts[only[0]] === 1) return `每${only[1]}`;
  return `每 ${used.map(([name, , many]) => `${parts[name]} ${many}`).join(" ")}`;
}

/** The rule and for whom: `每个工作日 09:00，每家高危企业一件`, or `每月第一个工作日 09:00，一件`. */
export function describeSchedule(
  schedule: Pick<Schedule, "every" | "forEach" | "itemLabel" | "filter">,
  sources: Record<string, SourceWords> = {},
): string {
  const when = describeEvery(schedule.every);
  if (!schedule.forEach) return `${when}，一件`;
  const source = sources[schedule.forEach];
  const unit = source?.unit ?? "个";
  const label = schedule.itemLabel ?? source?.label ?? schedule.forEach;
  const filtered = schedule.filter && !schedule.itemLabel ? `（${schedule.filter}）` : "";
  return `${when}，每${unit}${label}${filtered}一件`;
}
