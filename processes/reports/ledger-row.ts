/**
 * One hazard instance → one ledger row, from its (already filtered) variables.
 *
 * @example
 * ```ts
 * const row = ledgerRow({ id, businessKey, title, vars, statusLabel: "整改中", closed: false,
 *   dismissed: false, endedAt: null, level: 2, sourceLabels });
 * ```
 */
import type { LedgerRow, LedgerSheet } from "./hazard-ledger.js";

const levelLabels: Record<number, string> = { 1: "函告", 2: "通报", 3: "约谈", 4: "执法" };

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** A calendar date (Beijing) as a UTC-midnight Date, which Excel shows as that date. */
export function calendarDate(value: unknown): Date | null {
  if (value instanceof Date) {
    const local = new Date(value.getTime() + BEIJING_OFFSET_MS);
    return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  }
  if (typeof value !== "string") return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 ? date : null;
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : calendarDate(parsed);
}

const text = (value: unknown): string | null => {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value))
    return value
      .map((v) => text(v))
      .filter(Boolean)
      .join("；");
  return JSON.stringify(value);
};

const firstOf = (vars: Record<string, unknown>, names: string[]): unknown =>
  names.map((name) => vars[name]).find((v) => v !== undefined && v !== null && v !== "");

export function ledgerRow(input: {
  id: string;
  businessKey: string | null;
  title: string | null;
  vars: Record<string, unknown>;
  statusLabel: string;
  closed: boolean;
  dismissed: boolean;
  endedAt: Date | null;
  level: number | null;
  /** The start form's titles of the `source` values (企业自查自报 …), from the case's definition. */
  sourceLabels?: ReadonlyMap<string, string>;
  /** Current names from the directory: the enterprise's, and villages' by code. */
  names?: { enterprise: string | null; village: Map<string, string> };
  attachments?: LedgerRow["attachments"];
}): LedgerRow {
  const { vars } = input;
  const villageCode = text(vars.village);
  const funds = Number(vars.funds);
  const source = text(vars.source);
  return {
    sheet: sheetOf(input.dismissed, vars.major),
    number: input.businessKey ?? input.id.slice(0, 8),
    title: input.title ?? text(vars.title),
    enterprise: input.names?.enterprise ?? text(firstOf(vars, ["enterpriseName", "enterpriseId"])),
    village:
      (villageCode === null ? undefined : input.names?.village.get(villageCode)) ??
      text(firstOf(vars, ["villageName", "village"])),
    industry: text(vars.industry),
    source: source === null ? null : (input.sourceLabels?.get(source) ?? source),
    foundAt: calendarDate(vars.foundAt),
    basis: text(firstOf(vars, ["basis", "judgementBasis", "judgmentBasis", "criteria"])),
    measures: text(vars.measures),
    funds: vars.funds === undefined || vars.funds === null || Number.isNaN(funds) ? null : funds,
    deadline: calendarDate(vars.rectifyDeadline),
    responsible: text(vars.responsible),
    emergencyPlan: text(vars.emergencyPlan),
    status: input.statusLabel,
    overdue: vars.overdue === true,
    level: input.level === null ? null : (levelLabels[input.level] ?? String(input.level)),
    closedAt: input.closed ? calendarDate(input.endedAt) : null,
    attachments: input.attachments ?? null,
    enterpriseId: text(vars.enterpriseId),
    villageCode,
  };
}

/** The sheet a hazard belongs on: 不予立案, else by the judgement (`major`), else not judged yet. */
function sheetOf(dismissed: boolean, major: unknown): LedgerSheet {
  if (dismissed) return "不予立案";
  if (major === true) return "重大隐患";
  if (major === false) return "一般隐患";
  return "待判定";
}
