/**
 * Reads the State Council's 节假日安排 notice pasted as plain text: one holiday per
 * line, "春节：2月6日至13日放假调休，共8天。2月14日（星期日）、2月20日（星期六）上班。"
 * Each line gives its holiday days and make-up working days, or is returned as not
 * understood with the reason: nothing is guessed.
 *
 * @example
 * ```ts
 * const { days, lines } = parseHolidayNotice(text, 2027);
 * lines.filter((line) => line.problem); // shown to the administrator
 * ```
 */
import type { CalendarDay } from "../../../engine/calendar/working-calendar.js";

export interface NoticeLine {
  text: string;
  /** The holiday the line is about (春节), when it names one. */
  name: string | null;
  days: CalendarDay[];
  /** Why the line was not understood; null when it was. */
  problem: string | null;
}

export interface ParsedNotice {
  /** The days of every understood line, by date. */
  days: CalendarDay[];
  lines: NoticeLine[];
}

const DIGITS = "(\\d{1,2})";
/** `2月6日至13日放假`, `2月6日至2月13日放假`, `1月1日放假`, `2026年12月31日至2027年1月2日放假`. */
const HOLIDAY = new RegExp(
  `(?:(\\d{4})年)?${DIGITS}月${DIGITS}日(?:至(?:(\\d{4})年)?(?:${DIGITS}月)?${DIGITS}日)?放假`,
);
const DATE = new RegExp(`(?:(\\d{4})年)?${DIGITS}月${DIGITS}日`, "g");

function isoDate(year: number, month: number, day: number): string | null {
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at.toISOString().slice(0, 10);
}

function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  const at = new Date(`${first}T00:00:00Z`);
  while (dates.length <= 60) {
    const date = at.toISOString().slice(0, 10);
    dates.push(date);
    if (date === last) return dates;
    at.setUTCDate(at.getUTCDate() + 1);
  }
  return [];
}

/** Full-width digits and colons as ASCII, parenthesised remarks (weekdays, 农历) dropped. */
function normalise(line: string): string {
  return line
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/（[^）]*）|\([^)]*\)/g, "")
    .replace(/\s+/g, "");
}

function parseLine(raw: string, year: number): NoticeLine {
  const text = normalise(raw).replace(/^(?:[一二三四五六七八九十]+、|\d+[.、．])/, "");
  const colon = text.search(/[：:]/);
  const name = colon > 0 && colon <= 10 ? text.slice(0, colon) : null;
  const refuse = (problem: string): NoticeLine => ({ text: raw, name, days: [], problem });
  if (!name) return refuse("没有“节日名称：”开头，无法识别");
  const body = text.slice(colon + 1);
  const holiday = HOLIDAY.exec(body);
  if (!holiday) return refuse("没有找到“×月×日至×日放假”");
  const [, y1, m1, d1, y2, m2, d2] = holiday;
  const firstYear = y1 ? Number(y1) : year;
  const first = isoDate(firstYear, Number(m1), Number(d1));
  const last = d2
    ? isoDate(y2 ? Number(y2) : firstYear, m2 ? Number(m2) : Number(m1), Number(d2))
    : first;
  if (!first || !last) return refuse("日期不存在");
  const range = datesBetween(first, last);
  if (range.length === 0) return refuse("放假的起止日期颠倒或相隔太远");
  const total = /共(\d+)天/.exec(body);
  if (total && Number(total[1]) !== range.length)
    return refuse(`写明共 ${total[1]} 天，但 ${first} 至 ${last} 是 ${range.length} 天`);

  const days: CalendarDay[] = range.map((date) => ({ date, kind: "holiday", name }));
  // Make-up working days: the dates of the sentence that ends in 上班.
  const rest = body.slice(holiday.index + holiday[0].length);
  const work = /([^。；;]*?)上班/.exec(rest);
  if (work) {
    const found = [...(work[1] ?? "").matchAll(DATE)];
    if (found.length === 0) return refuse("写了“上班”，但没有找到日期");
    for (const [, wy, wm, wd] of found) {
      const date = isoDate(wy ? Number(wy) : year, Number(wm), Number(wd));
      if (!date) return refuse("上班日期不存在");
      days.push({ date, kind: "workday", name: `${name}调休` });
    }
  }
  const outside = days.find((day) => !day.date.startsWith(`${year}-`));
  if (outside) return refuse(`${outside.date} 不在 ${year} 年内，请单独录入`);
  return { text: raw, name, days, problem: null };
}

export function parseHolidayNotice(text: string, year: number): ParsedNotice {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => parseLine(line, year));
  const byDate = new Map<string, CalendarDay>();
  for (const line of lines) for (const day of line.days) byDate.set(day.date, day);
  return {
    days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    lines,
  };
}
