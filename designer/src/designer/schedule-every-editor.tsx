/** When a schedule fires: a calendar rule (day and time, Beijing) or an ISO 8601 repeating interval. */
import type { ScheduleEvery } from "../../../engine/definition/schedule-schema.js";
import type { Problem } from "../api/types.js";
import { SelectField, TextField } from "./panel-fields.js";

type Kind = Exclude<ScheduleEvery, string>["rule"] | "interval";

const KINDS: { value: Kind; label: string }[] = [
  { value: "workdays", label: "每个工作日" },
  { value: "daily", label: "每天" },
  { value: "weekly", label: "每周" },
  { value: "weekly-first-workday", label: "每周第一个工作日" },
  { value: "monthly", label: "每月某日" },
  { value: "monthly-first-workday", label: "每月第一个工作日" },
  { value: "quarterly-first-workday", label: "每季度第一个工作日" },
  { value: "interval", label: "ISO 8601 重复区间" },
];

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"].map((d, i) => ({
  value: String(i + 1),
  label: `周${d}`,
}));

const MONTH_DAYS = Array.from({ length: 31 }, (_, i) => ({
  value: String(i + 1),
  label: `${i + 1} 日`,
}));

/** The same rule in another kind, keeping its time of day. */
export function everyOfKind(kind: Kind, from: ScheduleEvery): ScheduleEvery {
  const at = typeof from === "string" ? "09:00" : from.at;
  switch (kind) {
    case "interval":
      return `R/${new Date().toISOString().slice(0, 10)}T${at}/P1W`;
    case "weekly":
    case "monthly":
      return { rule: kind, day: 1, at };
    default:
      return { rule: kind, at };
  }
}

export function ScheduleEveryEditor({
  every,
  problems,
  onChange,
}: {
  every: ScheduleEvery;
  problems: Problem[];
  onChange(every: ScheduleEvery): void;
}) {
  const kind: Kind = typeof every === "string" ? "interval" : every.rule;
  return (
    <>
      <SelectField
        label="重复"
        value={kind}
        options={KINDS}
        onChange={(v) => onChange(everyOfKind(v as Kind, every))}
      />
      {typeof every === "string" ? (
        <TextField
          label="重复区间（如 R/2027-01-04T09:00/P1W，无时区为北京时间）"
          mono
          value={every}
          problems={problems}
          onChange={(v) => onChange(v)}
        />
      ) : (
        <>
          {every.rule === "weekly" && (
            <SelectField
              label="星期"
              value={String(every.day)}
              options={WEEKDAYS}
              onChange={(v) => onChange({ ...every, day: Number(v) })}
            />
          )}
          {every.rule === "monthly" && (
            <SelectField
              label="日期（小月取月末）"
              value={String(every.day)}
              options={MONTH_DAYS}
              onChange={(v) => onChange({ ...every, day: Number(v) })}
            />
          )}
          <TextField
            label="时间（北京时间，如 09:00）"
            mono
            value={every.at}
            problems={problems}
            onChange={(at) => onChange({ ...every, at })}
          />
        </>
      )}
    </>
  );
}
