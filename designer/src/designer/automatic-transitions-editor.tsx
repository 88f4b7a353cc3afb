/**
 * A state's automatic transitions (自动流转, `always`) in its side panel: each listed as
 * 自动 → target [guard] (a click selects it on the graph for editing), and a picker that
 * adds one to a chosen state.
 */
import type { Definition } from "../../../engine/definition/schema.js";
import { guardExpression } from "../../../engine/definition/schema.js";
import { transitionsOf } from "../../../engine/definition/walk-states.js";
import { addAutomaticTransition, allStateKeys, findState } from "./definition-edits.js";
import { edgeId } from "./graph-model.js";
import { SelectField } from "./panel-fields.js";

export function AutomaticTransitionsEditor({
  definition,
  stateKey,
  commit,
  onSelect,
}: {
  definition: Definition;
  stateKey: string;
  commit(definition: Definition): void;
  onSelect(id: string | null): void;
}) {
  const node = findState(definition, stateKey);
  if (!node) return null;
  const labelOf = (key: string) => findState(definition, key)?.label ?? key;
  return (
    <>
      <div className="panel-subhead">
        <span>自动流转</span>
      </div>
      <ul className="link-list" aria-label="自动流转">
        {transitionsOf(node.always).map((t, i) => (
          <li key={i}>
            <button
              type="button"
              className="linklike"
              onClick={() => onSelect(edgeId("always", stateKey, "always", i))}
            >
              自动 → {t.target ? labelOf(t.target) : "（未选目标）"}
              {t.guard ? ` [${guardExpression(t.guard)}]` : ""}
            </button>
          </li>
        ))}
      </ul>
      <SelectField
        label="添加自动流转到"
        value=""
        options={[
          { value: "", label: "（选择目标状态）" },
          ...allStateKeys(definition)
            .filter((key) => key !== stateKey)
            .map((key) => ({ value: key, label: labelOf(key) })),
        ]}
        onChange={(target) => {
          if (!target) return;
          const added = addAutomaticTransition(definition, stateKey, target);
          commit(added.definition);
          const { kind, source, event, index } = added.ref;
          onSelect(edgeId(kind, source, event, index));
        }}
      />
    </>
  );
}
