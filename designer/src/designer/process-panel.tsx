/** Side panel when nothing is selected: the process itself (name, initial state, visibility, start form, schedules). */
import type { JsonSchema } from "../api/types.js";
import { allStateKeys, findState } from "./definition-edits.js";
import { FormFieldEditor } from "./form-field-editor.js";
import { listToText, problemsUnder, SelectField, TextField, textToList } from "./panel-fields.js";
import { SchedulesPanel } from "./schedules-panel.js";
import type { PanelProps } from "./transition-panel.js";

export function ProcessPanel({ definition, readOnly, problems, commit }: PanelProps) {
  const edit = (field: string, apply: (d: typeof definition) => void) => {
    const next = structuredClone(definition);
    apply(next);
    commit(next, `process/${field}`);
  };
  return (
    <div className="panel-section" role="region" aria-label="流程属性">
      <h3>流程</h3>
      <p className="muted small">选中画布上的状态或连线可编辑其属性。</p>
      <fieldset disabled={readOnly} className="plain">
        <TextField label="标识" mono readOnly value={definition.key} onChange={() => undefined} />
        <TextField
          label="名称"
          value={definition.name ?? ""}
          problems={problemsUnder(problems, "name")}
          onChange={(v) => edit("name", (d) => void (d.name = v))}
        />
        <TextField
          label="说明"
          multiline
          value={definition.description ?? ""}
          onChange={(v) => edit("description", (d) => void (d.description = v || undefined))}
        />
        <SelectField
          label="初始状态"
          value={definition.initial ?? ""}
          options={[
            { value: "", label: "（未设置）" },
            ...allStateKeys(definition).map((k) => ({
              value: k,
              label: findState(definition, k)?.label ?? k,
            })),
          ]}
          onChange={(v) => edit("initial", (d) => void (d.initial = v))}
        />
        <TextField
          label="可见范围（组，逗号分隔；=开头为 FEEL）"
          mono
          value={listToText(definition.visibility)}
          problems={problemsUnder(problems, "visibility")}
          onChange={(v) =>
            edit("visibility", (d) => void (d.visibility = v.trim() ? textToList(v) : undefined))
          }
        />
        <FormFieldEditor
          title="发起表单（开始变量）"
          schema={definition.variables as JsonSchema | undefined}
          onChange={(schema) => edit("variables", (d) => void (d.variables = schema))}
        />
        <SchedulesPanel
          definition={definition}
          readOnly={readOnly}
          problems={problems}
          commit={commit}
        />
      </fieldset>
    </div>
  );
}
