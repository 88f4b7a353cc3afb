/**
 * The process's `schedules` (定期发起) in the side panel: each with its rule in words
 * (`每个工作日 09:00，每家高危企业一件`), when, for whom (a source's items, filtered by
 * FEEL), the start variables and what a worker that was down does with missed slots;
 * a published one's state, paused and resumed here.
 */
import type { Schedule } from "../../../engine/definition/schedule-schema.js";
import { describeSchedule } from "../../../engine/schedules/describe-schedule.js";
import { api } from "../api/client.js";
import type { Problem, ScheduleSourceInfo, ScheduleStatus } from "../api/types.js";
import { useAsync } from "../components/use-async.js";
import {
  assignToText,
  problemsUnder,
  SelectField,
  TextField,
  textToAssign,
} from "./panel-fields.js";
import { ScheduleEveryEditor } from "./schedule-every-editor.js";
import { ScheduleState } from "./schedule-state.js";
import type { PanelProps } from "./transition-panel.js";

const CATCH_UP = [
  { value: "one", label: "补发最近一次（默认）" },
  { value: "skip", label: "不补发" },
  { value: "all", label: "补发窗口内的每一次" },
];

export function SchedulesPanel({ definition, problems, commit }: PanelProps) {
  // The published schedules' state, and the sources the server registered (企业, 村(社区), …).
  const listing = useAsync(() => api.schedules.list(definition.key), [definition.key]);
  const sources = listing.data?.sources ?? [];
  const published = listing.data?.items ?? [];
  const schedules = definition.schedules ?? [];
  const words = Object.fromEntries(sources.map((s) => [s.name, s]));
  const change = (i: number, apply: (s: Schedule) => Schedule) => {
    const next = structuredClone(definition);
    next.schedules = schedules.map((s, j) => (j === i ? apply(structuredClone(s)) : s));
    commit(next, `process/schedules/${i}`);
  };
  const add = () => {
    const taken = new Set(schedules.map((s) => s.key));
    let n = schedules.length + 1;
    while (taken.has(`schedule-${n}`)) n++;
    const next = structuredClone(definition);
    next.schedules = [
      ...schedules,
      { key: `schedule-${n}`, every: { rule: "workdays", at: "09:00" } },
    ];
    commit(next);
  };
  const remove = (i: number) => {
    const next = structuredClone(definition);
    const left = schedules.filter((_, j) => j !== i);
    next.schedules = left.length > 0 ? left : undefined;
    commit(next);
  };
  return (
    <section className="schedules-panel" aria-label="定期发起">
      <h4>定期发起</h4>
      {schedules.length === 0 && (
        <p className="muted small">按日历自动发起本流程（如每月第一个工作日）。</p>
      )}
      {schedules.map((schedule, i) => (
        <ScheduleEditor
          key={i}
          schedule={schedule}
          path={`schedules[${i}]`}
          problems={problems}
          sources={sources}
          words={describeSchedule(schedule, words)}
          status={published.find((p) => p.key === schedule.key)}
          onStatusChanged={listing.reload}
          onChange={(apply) => change(i, apply)}
          onRemove={() => remove(i)}
        />
      ))}
      <button type="button" className="btn small" onClick={add}>
        ＋ 添加定期发起
      </button>
    </section>
  );
}

function ScheduleEditor({
  schedule,
  path,
  problems,
  sources,
  words,
  status,
  onStatusChanged,
  onChange,
  onRemove,
}: {
  schedule: Schedule;
  path: string;
  problems: Problem[];
  sources: ScheduleSourceInfo[];
  words: string;
  status: ScheduleStatus | undefined;
  onStatusChanged(): void;
  onChange(apply: (s: Schedule) => Schedule): void;
  onRemove(): void;
}) {
  const under = (field: string) => problemsUnder(problems, `${path}.${field}`);
  const set = <K extends keyof Schedule>(field: K, value: Schedule[K] | undefined) =>
    onChange((s) => {
      if (value === undefined || value === "") delete s[field];
      else s[field] = value;
      return s;
    });
  const catchUp = schedule.catchUp ?? "one";
  const sourceOptions = [
    { value: "", label: "（不按数据源，每次一件）" },
    ...sources.map((s) => ({ value: s.name, label: s.label })),
    ...(schedule.forEach && !sources.some((s) => s.name === schedule.forEach)
      ? [{ value: schedule.forEach, label: `${schedule.forEach}（未注册）` }]
      : []),
  ];
  return (
    <fieldset className="schedule-editor plain" aria-label={`定期发起 ${schedule.key}`}>
      <p className="schedule-words" data-testid="schedule-words">
        {words}
      </p>
      <ScheduleState status={status} onChanged={onStatusChanged} />
      <TextField
        label="标识"
        mono
        commitOnBlur
        value={schedule.key}
        problems={under("key")}
        onChange={(v) => set("key", v)}
      />
      <TextField label="名称" value={schedule.label ?? ""} onChange={(v) => set("label", v)} />
      <ScheduleEveryEditor
        every={schedule.every}
        problems={under("every")}
        onChange={(every) => set("every", every)}
      />
      <SelectField
        label="发起对象"
        value={schedule.forEach ?? ""}
        options={sourceOptions}
        onChange={(v) =>
          onChange((s) => {
            if (v) s.forEach = v;
            else {
              delete s.forEach;
              delete s.filter;
              delete s.itemLabel;
            }
            return s;
          })
        }
      />
      {schedule.forEach && (
        <>
          <TextField
            label={
              <>
                筛选（FEEL，可用 <code>item</code>，如 <code>item.highRisk = true</code>）
              </>
            }
            mono
            value={schedule.filter ?? ""}
            problems={under("filter")}
            onChange={(v) => set("filter", v)}
          />
          <TextField
            label="每项称作（如 高危企业）"
            value={schedule.itemLabel ?? ""}
            problems={under("itemLabel")}
            onChange={(v) => set("itemLabel", v)}
          />
        </>
      )}
      <TextField
        label={
          <>
            开始变量（每行 名称 = FEEL，可用 <code>item</code>、<code>slot</code>）
          </>
        }
        mono
        multiline
        value={assignToText(schedule.variables)}
        problems={under("variables")}
        onChange={(v) => set("variables", textToAssign(v))}
      />
      <SelectField
        label="停机错过的时间"
        value={typeof catchUp === "string" ? catchUp : "all"}
        options={CATCH_UP}
        onChange={(v) =>
          set("catchUp", v === "all" ? { all: "P7D" } : v === "one" ? undefined : (v as "skip"))
        }
      />
      {typeof catchUp !== "string" && (
        <TextField
          label="补发窗口（ISO 8601 时长，如 P7D）"
          mono
          value={catchUp.all}
          problems={under("catchUp")}
          onChange={(all) => set("catchUp", { all })}
        />
      )}
      <button type="button" className="btn danger small" onClick={onRemove}>
        删除此定期发起
      </button>
    </fieldset>
  );
}
