/**
 * A due (task `due`, timer `delay`) as a number, a unit and 工作日/自然日; it writes the
 * ISO 8601 duration and the calendar. "高级" shows the raw field for an ISO duration the
 * fields cannot hold, or a FEEL expression written `=…`.
 */
import { useId, useState } from "react";
import type { Calendar } from "../../../engine/definition/schema.js";
import type { Problem } from "../api/types.js";
import { dueToParts, dueUnitLabels, partsToDue } from "./due-parts.js";
import type { DueUnit } from "./due-parts.js";
import { TextField } from "./panel-fields.js";

type DueValue = string | { expr: string } | undefined;

export function DueEditor({
  label,
  value,
  calendar,
  problems,
  optional = true,
  onChange,
}: {
  label: string;
  value: DueValue;
  calendar: Calendar | undefined;
  problems: Problem[];
  /** Whether "无期限" may be chosen (a timer always has a delay). */
  optional?: boolean;
  onChange(value: DueValue, calendar: Calendar | undefined): void;
}) {
  const id = useId();
  const parts = dueToParts(value, calendar);
  const [advanced, setAdvanced] = useState(value !== undefined && parts === null);
  const showAdvanced = advanced || (value !== undefined && parts === null);
  const shown = parts ?? { amount: 3, unit: "days" as DueUnit, calendar: calendar ?? "days" };
  const write = (next: Partial<typeof shown>) => {
    const result = partsToDue({ ...shown, ...next });
    onChange(result.due, result.calendar);
  };

  return (
    <div className="panel-field due-editor" role="group" aria-labelledby={`${id}-label`}>
      <span className="due-label" id={`${id}-label`}>
        {label}
      </span>
      {!showAdvanced && (
        <div className="row">
          {optional && (
            <select
              aria-label={`${label}：有无`}
              value={value === undefined ? "none" : "set"}
              onChange={(e) =>
                e.target.value === "none" ? onChange(undefined, undefined) : write({})
              }
            >
              <option value="none">无期限</option>
              <option value="set">设期限</option>
            </select>
          )}
          {value !== undefined && (
            <>
              <input
                type="number"
                min={1}
                aria-label={`${label}：数量`}
                value={shown.amount}
                onChange={(e) => e.target.value && write({ amount: Number(e.target.value) })}
              />
              <select
                aria-label={`${label}：单位`}
                value={shown.unit}
                onChange={(e) => write({ unit: e.target.value as DueUnit })}
              >
                {Object.entries(dueUnitLabels).map(([unit, text]) => (
                  <option key={unit} value={unit}>
                    {text}
                  </option>
                ))}
              </select>
              {(shown.unit === "days" || shown.unit === "weeks") && (
                <select
                  aria-label={`${label}：日历`}
                  value={shown.calendar}
                  onChange={(e) => write({ calendar: e.target.value as Calendar })}
                >
                  <option value="workdays">工作日</option>
                  <option value="days">自然日</option>
                </select>
              )}
            </>
          )}
        </div>
      )}
      {showAdvanced && (
        <TextField
          label="ISO 8601 时长（如 P3D）或 =FEEL 表达式"
          mono
          value={typeof value === "string" ? value : value ? `=${value.expr}` : ""}
          problems={problems}
          onChange={(v) =>
            onChange(!v ? undefined : v.startsWith("=") ? { expr: v.slice(1) } : v, calendar)
          }
        />
      )}
      {!showAdvanced && problems.length > 0 && (
        <ul className="inline-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="linklike small"
        onClick={() => setAdvanced(!showAdvanced)}
        disabled={showAdvanced && parts === null && value !== undefined}
      >
        {showAdvanced ? "用数字和单位填写" : "高级：ISO 时长或 FEEL 表达式"}
      </button>
    </div>
  );
}
