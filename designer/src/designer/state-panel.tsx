/** Side panel for a selected state: key, label, type, nesting, task, form, transitions, timers, entry actions. */
import type { StateNodeSpec, Task } from "../../../engine/definition/schema.js";
import { guardExpression } from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import type { JsonSchema } from "../api/types.js";
import { describeDuration } from "../components/format.js";
import {
  addTimer,
  allStateKeys,
  deleteState,
  findState,
  moveState,
  renameState,
  updateState,
} from "./definition-edits.js";
import { VoteTaskEditor } from "./vote-task-editor.js";
import { AutomaticTransitionsEditor } from "./automatic-transitions-editor.js";
import { DueEditor } from "./due-editor.js";
import { edgeId } from "./graph-model.js";
import { EntryActionsEditor } from "./entry-actions-editor.js";
import { FormFieldEditor } from "./form-field-editor.js";
import { OutcomesEditor } from "./outcomes-editor.js";
import { problemsUnder, SelectField, TextField } from "./panel-fields.js";
import type { PanelProps } from "./transition-panel.js";

export function StatePanel({
  definition,
  readOnly,
  problems,
  commit,
  stateKey,
  statePath,
  onSelect,
  onRenamed,
  onConnect,
}: PanelProps & {
  stateKey: string;
  statePath: string;
  onSelect(id: string | null): void;
  onRenamed(from: string, to: string): void;
  /** Asks which outcome leads to `target` (the outcome picker), then draws the line. */
  onConnect(target: string): void;
}) {
  const node = findState(definition, stateKey);
  if (!node) return <p className="muted">该状态已不存在</p>;
  const entries = walkStates({ states: definition.states ?? {} });
  const self = entries.find((e) => e.key === stateKey);
  const mine = problemsUnder(problems, statePath);
  const edit = (field: string, apply: (n: StateNodeSpec) => void) =>
    commit(updateState(definition, stateKey, apply), `${stateKey}/${field}`);
  const editTask = (field: string, apply: (t: Task) => void) =>
    edit(`task.${field}`, (n) => n.task && apply(n.task));
  const containers = entries.filter(
    (e) =>
      (e.type === "compound" || e.type === "parallel") &&
      e.key !== stateKey &&
      !e.path.startsWith(`${statePath}.`),
  );
  const children = Object.keys(node.states ?? {});
  const task = node.task;

  return (
    <div className="panel-section" role="region" aria-label="状态属性">
      <h3>状态</h3>
      <fieldset disabled={readOnly} className="plain">
        <TextField
          label="标识（英文）"
          name="stateKey"
          mono
          commitOnBlur
          value={stateKey}
          problems={mine.filter((p) => p.path === statePath)}
          onChange={(value) => {
            const key = value.trim();
            if (
              !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key) ||
              allStateKeys(definition).includes(key)
            )
              return;
            commit(renameState(definition, stateKey, key));
            onRenamed(stateKey, key);
          }}
        />
        <TextField
          label="名称"
          name="stateLabel"
          value={node.label ?? ""}
          onChange={(value) => edit("label", (n) => void (n.label = value || undefined))}
        />
        <SelectField
          label="类型"
          value={self?.type ?? "atomic"}
          options={[
            { value: "atomic", label: "普通" },
            { value: "compound", label: "复合（含子状态）" },
            { value: "parallel", label: "并行（各区域同时进行）" },
            { value: "final", label: "终态" },
          ]}
          onChange={(value) =>
            edit(
              "type",
              (n) =>
                void (n.type = value === "atomic" ? undefined : (value as StateNodeSpec["type"])),
            )
          }
        />
        <SelectField
          label="所属（嵌套于）"
          value={self?.parentKey ?? ""}
          options={[
            { value: "", label: "顶层" },
            ...containers.map((c) => ({
              value: c.key,
              label: `${c.node.label ?? c.key} (${c.key})`,
            })),
          ]}
          onChange={(value) => commit(moveState(definition, stateKey, value || null))}
        />
        {self?.type === "compound" && (
          <SelectField
            label="初始子状态"
            value={node.initial ?? ""}
            options={[
              { value: "", label: "（未设置）" },
              ...children.map((c) => ({ value: c, label: c })),
            ]}
            onChange={(value) => edit("initial", (n) => void (n.initial = value || undefined))}
          />
        )}
        {(self?.type === "compound" || self?.type === "parallel") && (
          <button
            type="button"
            className="btn small"
            onClick={() => {
              const key = uniqueChildKey(definition, stateKey);
              commit(
                updateState(definition, stateKey, (n) => {
                  n.states = { ...(n.states ?? {}), [key]: { label: "新子状态" } };
                  if (n.type !== "parallel" && !n.initial) n.initial = key;
                }),
              );
              onSelect(key);
            }}
          >
            添加子状态
          </button>
        )}

        <div className="panel-subhead">
          <span>任务</span>
          {task ? (
            <button
              type="button"
              className="btn small ghost"
              onClick={() => edit("task", (n) => void delete n.task)}
            >
              移除任务
            </button>
          ) : (
            self?.type !== "final" && (
              <button
                type="button"
                className="btn small"
                onClick={() =>
                  edit(
                    "task",
                    (n) =>
                      void (n.task = {
                        name: node.label ?? "办理",
                        candidateGroups: ["safety-office"],
                        outcomes: [{ event: "DONE", label: "完成" }],
                      }),
                  )
                }
              >
                添加任务
              </button>
            )
          )}
        </div>
        {task && (
          <div className="task-editor">
            <TextField
              label="任务名称"
              value={task.name}
              problems={problemsUnder(mine, `${statePath}.task.name`)}
              onChange={(v) => editTask("name", (t) => void (t.name = v))}
            />
            <VoteTaskEditor
              task={task}
              path={`${statePath}.task`}
              problems={mine}
              onChange={editTask}
            />
            <DueEditor
              label="办理期限"
              value={task.due}
              calendar={task.calendar}
              problems={[
                ...problemsUnder(mine, `${statePath}.task.due`),
                ...problemsUnder(mine, `${statePath}.task.calendar`),
              ]}
              onChange={(due, calendar) =>
                editTask("due", (t) => {
                  t.due = due;
                  t.calendar = calendar;
                  if (!t.due) delete t.due;
                  if (!t.calendar) delete t.calendar;
                })
              }
            />
            <TextField
              label="优先级（0–100）"
              value={task.priority === undefined ? "" : String(task.priority)}
              onChange={(v) =>
                editTask(
                  "priority",
                  (t) =>
                    void (t.priority =
                      v === "" || Number.isNaN(Number(v))
                        ? undefined
                        : Math.max(0, Math.min(100, Math.round(Number(v))))),
                )
              }
            />
            <OutcomesEditor
              task={task}
              problems={problemsUnder(mine, `${statePath}.task.outcomes`)}
              onChange={(outcomes) => editTask("outcomes", (t) => void (t.outcomes = outcomes))}
            />
            <FormFieldEditor
              schema={task.form as JsonSchema | undefined}
              onChange={(form) => editTask("form", (t) => void (t.form = form))}
            />
          </div>
        )}

        <div className="panel-subhead">
          <span>转移</span>
          <AddTransition
            states={allStateKeys(definition).map((k) => ({
              key: k,
              label: findState(definition, k)?.label ?? k,
            }))}
            onAdd={onConnect}
          />
        </div>
        <ul className="link-list">
          {Object.entries(node.on ?? {}).flatMap(([event, spec]) =>
            transitionsOf(spec).map((t, i) => (
              <li key={`${event}-${i}`}>
                <button
                  type="button"
                  className="linklike"
                  onClick={() => onSelect(edgeId("on", stateKey, event, i))}
                >
                  {task?.outcomes.find((o) => o.event === event)?.label ?? t.label ?? (
                    <code>{event}</code>
                  )}{" "}
                  →{" "}
                  {t.target
                    ? (findState(definition, t.target)?.label ?? t.target)
                    : "（留在本状态）"}
                  {t.guard ? ` [${guardExpression(t.guard)}]` : ""}
                </button>
              </li>
            )),
          )}
          {transitionsOf(node.onDone).map((t, i) => (
            <li key={`done-${i}`}>
              <button
                type="button"
                className="linklike"
                onClick={() => onSelect(edgeId("onDone", stateKey, "onDone", i))}
              >
                完成后 → {t.target}
              </button>
            </li>
          ))}
        </ul>
        {(self?.type === "compound" || self?.type === "parallel") && !node.onDone && (
          <SelectField
            label="完成后转到"
            value=""
            options={[
              { value: "", label: "（无）" },
              ...allStateKeys(definition).map((k) => ({
                value: k,
                label: findState(definition, k)?.label ?? k,
              })),
            ]}
            onChange={(v) => v && edit("onDone", (n) => void (n.onDone = v))}
          />
        )}

        {self?.type !== "final" && (
          <AutomaticTransitionsEditor
            definition={definition}
            stateKey={stateKey}
            commit={commit}
            onSelect={onSelect}
          />
        )}

        <div className="panel-subhead">
          <span>定时器</span>
          <button
            type="button"
            className="btn small"
            onClick={() => commit(addTimer(definition, stateKey))}
          >
            添加定时器
          </button>
        </div>
        <ul className="link-list">
          {(node.after ?? []).map((a, i) => (
            <li key={i}>
              <button
                type="button"
                className="linklike"
                onClick={() => onSelect(edgeId("after", stateKey, "after", i))}
              >
                ⏱ {describeDuration(a.delay)} → {a.target ?? "（留在本状态）"}
              </button>
            </li>
          ))}
        </ul>

        <EntryActionsEditor
          value={node.entry}
          problems={problemsUnder(mine, `${statePath}.entry`)}
          onChange={(entry) => edit("entry", (n) => void (n.entry = entry))}
        />

        {mine.length > 0 && (
          <div className="panel-problems">
            <div className="panel-subhead">
              <span>问题</span>
            </div>
            <ul className="inline-problems">
              {mine.map((p, i) => (
                <li key={i}>
                  <code>{p.path.slice(statePath.length + 1) || stateKey}</code> {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <button
          type="button"
          className="btn danger small"
          onClick={() => {
            commit(deleteState(definition, stateKey));
            onSelect(null);
          }}
        >
          删除状态
        </button>
      </fieldset>
    </div>
  );
}

function uniqueChildKey(definition: PanelProps["definition"], parent: string): string {
  const keys = new Set(allStateKeys(definition));
  for (let n = 1; ; n++) if (!keys.has(`${parent}_${n}`)) return `${parent}_${n}`;
}

function AddTransition({
  states,
  onAdd,
}: {
  states: { key: string; label: string }[];
  onAdd(target: string): void;
}) {
  return (
    <select
      aria-label="添加转移到"
      value=""
      onChange={(e) => e.target.value && onAdd(e.target.value)}
    >
      <option value="">添加转移到…</option>
      {states.map((s) => (
        <option key={s.key} value={s.key}>
          {s.label}
        </option>
      ))}
    </select>
  );
}
