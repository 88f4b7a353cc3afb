/** Side panel for a selected transition or timer: event, target, guard, assignments. */
import type { Definition, Guard, Transition } from "../../../engine/definition/schema.js";
import type { Problem } from "../api/types.js";
import {
  allStateKeys,
  deleteTransition,
  findState,
  getTransition,
  renameEvent,
  updateTransition,
} from "./definition-edits.js";
import type { TransitionRef } from "./definition-edits.js";
import { DueEditor } from "./due-editor.js";
import {
  assignToText,
  problemsUnder,
  SelectField,
  TextField,
  textToAssign,
} from "./panel-fields.js";

export interface PanelProps {
  definition: Definition;
  readOnly: boolean;
  problems: Problem[];
  commit(definition: Definition, mergeKey?: string): void;
}

export function transitionPath(
  definition: Definition,
  ref: TransitionRef,
  statePath: string,
): string {
  if (ref.kind === "after") return `${statePath}.after[${ref.index}]`;
  const node = findState(definition, ref.source);
  const own = ref.kind === "onDone" || ref.kind === "always";
  const spec = own ? node?.[ref.kind] : node?.on?.[ref.event];
  const base = own ? `${statePath}.${ref.kind}` : `${statePath}.on.${ref.event}`;
  return Array.isArray(spec) ? `${base}[${ref.index}]` : base;
}

interface GuardParts {
  expr: string;
  message: string;
  field: string;
}

function guardParts(t: Transition): GuardParts {
  const guard = t.guard;
  if (guard === undefined) return { expr: "", message: "", field: "" };
  if (typeof guard === "string") return { expr: guard, message: "", field: "" };
  return { expr: guard.expr, message: guard.message ?? "", field: guard.field ?? "" };
}

/** The guard as written back: a plain string unless it carries a message or a field. */
function guardOf({ expr, message, field }: GuardParts): Guard | undefined {
  if (expr === "") return undefined;
  if (message === "" && field === "") return expr;
  return {
    expr,
    ...(message === "" ? {} : { message }),
    ...(field === "" ? {} : { field }),
  };
}

const transitionHeadings: Record<TransitionRef["kind"], string> = {
  on: "转移",
  after: "定时器",
  onDone: "完成后转移",
  always: "自动流转",
};

export function TransitionPanel({
  definition,
  readOnly,
  problems,
  commit,
  reference,
  statePath,
  onSelect,
}: PanelProps & {
  reference: TransitionRef;
  statePath: string;
  onSelect(id: string | null): void;
}) {
  const transition = getTransition(definition, reference);
  if (!transition) return <p className="muted">该转移已不存在</p>;
  const path = transitionPath(definition, reference, statePath);
  const mine = problemsUnder(problems, path);
  const targets = [
    { value: "", label: "（留在本状态）" },
    ...allStateKeys(definition).map((k) => ({
      value: k,
      label: `${findState(definition, k)?.label ?? k} (${k})`,
    })),
  ];
  if (transition.target && !findState(definition, transition.target))
    targets.push({ value: transition.target, label: `${transition.target}（不存在）` });
  const key = `${reference.source}/${reference.kind}/${reference.event}/${reference.index}`;
  const change = (field: string, apply: Parameters<typeof updateTransition>[2]) =>
    commit(updateTransition(definition, reference, apply), `${key}/${field}`);
  const delay = "delay" in transition ? transition.delay : undefined;
  const guard = guardParts(transition);

  return (
    <div className="panel-section" role="region" aria-label="转移属性">
      <h3>{transitionHeadings[reference.kind]}</h3>
      <p className="muted small">
        从 {findState(definition, reference.source)?.label ?? reference.source}
      </p>
      {reference.kind === "always" && (
        <p className="muted small">
          进入本状态后不等事件：按顺序检查，第一个条件成立的自动流转立即执行（无条件的放在最后）。
        </p>
      )}
      <fieldset disabled={readOnly} className="plain">
        {reference.kind === "on" && (
          <TextField
            label="事件"
            name="event"
            mono
            commitOnBlur
            value={reference.event}
            onChange={(value) => {
              const event = value.trim();
              if (!event) return;
              const result = renameEvent(definition, reference, event);
              commit(result.definition);
              onSelect(`${result.ref.source}::on::${result.ref.event}::${result.ref.index}`);
            }}
          />
        )}
        {reference.kind === "after" && (
          <>
            <DueEditor
              label="延时"
              optional={false}
              value={typeof delay === "string" || (delay && "expr" in delay) ? delay : undefined}
              calendar={("calendar" in transition && transition.calendar) || undefined}
              problems={problemsUnder(mine, `${path}.delay`)}
              onChange={(value, calendar) =>
                change("delay", (t) => {
                  if (value !== undefined) t.delay = value;
                  t.calendar = calendar;
                })
              }
            />
            {delay && typeof delay === "object" && "at" in delay && (
              <TextField
                label="于（FEEL 日期时间）"
                mono
                value={delay.at}
                problems={problemsUnder(mine, `${path}.delay.at`)}
                onChange={(value) => change("delay", (t) => void (t.delay = { at: value }))}
              />
            )}
          </>
        )}
        <SelectField
          label="目标状态"
          value={transition.target ?? ""}
          options={targets}
          onChange={(value) => change("target", (t) => void (t.target = value || undefined))}
        />
        <TextField
          label="条件（FEEL，可空）"
          mono
          value={guard.expr}
          placeholder="如 vars.deaths >= 3"
          problems={problemsUnder(mine, `${path}.guard`)}
          onChange={(value) =>
            change("guard", (t) => void (t.guard = guardOf({ ...guardParts(t), expr: value })))
          }
        />
        {guard.expr !== "" && reference.kind !== "always" && (
          <>
            <TextField
              label="条件不满足时的提示（可空；以 = 开头为 FEEL）"
              value={guard.message}
              placeholder="如 须填写判定依据"
              onChange={(value) =>
                change(
                  "guard",
                  (t) => void (t.guard = guardOf({ ...guardParts(t), message: value })),
                )
              }
            />
            <TextField
              label="提示显示在表单字段（可空）"
              mono
              value={guard.field}
              placeholder="如 basis"
              onChange={(value) =>
                change("guard", (t) => void (t.guard = guardOf({ ...guardParts(t), field: value })))
              }
            />
          </>
        )}
        <TextField
          label="赋值（每行 变量 = FEEL）"
          mono
          multiline
          value={assignToText(transition.assign)}
          problems={problemsUnder(mine, `${path}.assign`)}
          onChange={(value) => change("assign", (t) => void (t.assign = textToAssign(value)))}
        />
        <TextField
          label={reference.kind === "always" ? "说明（办理记录中作为流转原因）" : "说明"}
          value={transition.label ?? ""}
          onChange={(value) => change("label", (t) => void (t.label = value || undefined))}
        />
        {mine.length > 0 && (
          <ul className="inline-problems">
            {mine.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="btn danger small"
          onClick={() => {
            commit(deleteTransition(definition, reference));
            onSelect(null);
          }}
        >
          删除此
          {reference.kind === "after"
            ? "定时器"
            : reference.kind === "always"
              ? "自动流转"
              : "转移"}
        </button>
      </fieldset>
    </div>
  );
}
