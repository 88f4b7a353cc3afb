/**
 * ISO 8601 repeating intervals of the form `R[n]/<start>/<duration>`, the
 * start in Beijing time when it carries no offset. Browser-safe.
 *
 * @example
 * ```ts
 * parseRepeatingInterval("R/2027-01-04T09:00/P1W");
 * // { start: 2027-01-04T01:00:00Z, duration: "P1W", repetitions: null }
 * ```
 */
import { parseDuration } from "../definition/duration.js";

export interface RepeatingInterval {
  start: Date;
  duration: string;
  /** `R5/…`: 5 slots in all; null for `R/…` (no end). */
  repetitions: number | null;
}

const PATTERN =
  /^R(\d*)\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?\/(P[0-9YMWDTHS.]+)$/;

/** The interval, or null when the text is not one (or its duration is zero). */
export function parseRepeatingInterval(text: string): RepeatingInterval | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [, count, local, offset, duration] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const start = new Date(`${local}${offset ?? "+08:00"}`);
  if (Number.isNaN(start.getTime())) return null;
  // A calendar date such as 2027-02-30 rolls over in Date; refuse it.
  const beijing = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (offset === undefined && beijing !== local.slice(0, 10)) return null;
  const parts = parseDuration(duration);
  if (!parts || Object.values(parts).every((value) => value === 0)) return null;
  const repetitions = count === "" ? null : Number(count);
  if (repetitions === 0) return null;
  return { start, duration, repetitions };
}
