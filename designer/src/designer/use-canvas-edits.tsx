/**
 * The canvas's own edits, each one undoable step: a step inserted with the "+" on a line,
 * a line dragged between states (then the outcome picker), a state appended after the
 * selected one, and states created from the palette in the middle of the view. New
 * states are placed where the admin looks, and the view follows them when they land
 * outside it.
 */
import { useReactFlow } from "@xyflow/react";
import { useCallback, useState } from "react";
import type { ReactNode, RefObject } from "react";
import type { StateNodeSpec } from "../../../engine/definition/schema.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import { connectWithOutcome, outcomeOptions } from "./connect-with-outcome.js";
import type { OutcomeChoice } from "./connect-with-outcome.js";
import { addState, containerOf, findState, uniqueStateKey } from "./definition-edits.js";
import { edgeId, NODE_WIDTH, parseEdgeId } from "./graph-model.js";
import { insertStepOnTransition, stepState } from "./insert-step.js";
import type { NewStep } from "./insert-step.js";
import { InsertStepPicker } from "./insert-step-picker.js";
import { OutcomePicker } from "./outcome-picker.js";
import { absolutePosition, placeNewState } from "./place-new-state.js";
import type { DesignerDoc } from "./unsaved-store.js";

export interface CanvasEdit {
  doc: DesignerDoc;
  /** What to select afterwards: a state key or an edge id. */
  select: string | null;
}

export type NewStateKind = "task" | "atomic" | "final";

type Picker =
  | { kind: "insert"; edgeId: string; anchor: { x: number; y: number } }
  | { kind: "append"; source: string; anchor: { x: number; y: number } }
  | { kind: "connect"; source: string; target: string }
  | null;

/** Candidate groups written in the definition, those of `first` first, for the pickers. */
function knownGroups(doc: DesignerDoc, first: string | null): string[] {
  const groups: string[] = [];
  const add = (node: StateNodeSpec | null | undefined) => {
    const list = node?.task?.candidateGroups;
    for (const g of Array.isArray(list) ? list : list ? [list] : [])
      groups.push(typeof g === "string" ? g : `=${g.expr}`);
  };
  if (first) add(findState(doc.definition, first));
  for (const s of walkStates({ states: doc.definition.states ?? {} })) add(s.node);
  const unique = [...new Set(groups)];
  return unique.length ? unique : ["safety-office"];
}

/** A state for the palette; a task step leads nowhere until the admin draws its line. */
function newNode(kind: NewStateKind, group: string): StateNodeSpec {
  if (kind === "final") return { label: "结束", type: "final" };
  if (kind === "atomic") return { label: "新状态" };
  const node = stepState({ label: "新步骤", group, outcomeLabel: "完成" }, "");
  delete node.on;
  return node;
}

export function useCanvasEdits({
  doc,
  onEdit,
  canvasRef,
}: {
  doc: DesignerDoc;
  onEdit: ((edit: CanvasEdit) => void) | undefined;
  canvasRef: RefObject<HTMLDivElement | null>;
}) {
  const flow = useReactFlow();
  const [picker, setPicker] = useState<Picker>(null);
  const labelOf = (key: string) => findState(doc.definition, key)?.label ?? key;

  /** Pans so that the whole box (canvas coordinates) is in view, when it is not. */
  const reveal = (area: { x: number; y: number; width: number; height: number }) => {
    const box = canvasRef.current?.getBoundingClientRect();
    if (!box) return;
    const topLeft = flow.flowToScreenPosition(area);
    const bottomRight = flow.flowToScreenPosition({
      x: area.x + area.width,
      y: area.y + area.height,
    });
    const margin = 24;
    const inside =
      topLeft.x > box.left + margin &&
      bottomRight.x < box.right - margin &&
      topLeft.y > box.top + margin &&
      bottomRight.y < box.bottom - margin;
    if (!inside)
      void flow.setCenter(area.x + area.width / 2, area.y + area.height / 2, {
        zoom: flow.getZoom(),
      });
  };

  /** Commits `doc` with `key` placed near `centre` and brought into view. */
  const commitPlaced = (
    next: DesignerDoc,
    key: string,
    centre: { x: number; y: number },
    select: string | null,
  ) => {
    const parentKey =
      walkStates({ states: next.definition.states ?? {} }).find((s) => s.key === key)?.parentKey ??
      null;
    const layout = placeNewState(next, key, parentKey, centre);
    const placed = { ...next, layout };
    onEdit?.({ doc: placed, select });
    const spot = absolutePosition(placed, key);
    reveal({ ...spot, width: NODE_WIDTH, height: 96 });
  };

  const viewCentre = () => {
    const box = canvasRef.current?.getBoundingClientRect();
    if (!box) return { x: 0, y: 0 };
    return flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  };

  const insertStep = (ref: string, step: NewStep, anchor: { x: number; y: number }) => {
    const transition = parseEdgeId(ref);
    if (!transition) return;
    const result = insertStepOnTransition(doc.definition, transition, step);
    if (!result.key) return;
    commitPlaced(
      { ...doc, definition: result.definition },
      result.key,
      flow.screenToFlowPosition(anchor),
      result.key,
    );
  };

  const appendStep = (source: string, step: NewStep) => {
    const key = uniqueStateKey(doc.definition, "step");
    const parent = containerOf(doc.definition, source)?.parent;
    const parentKey = parent
      ? (walkStates({ states: doc.definition.states ?? {} }).find((s) => s.node === parent)?.key ??
        null)
      : null;
    const node = stepState(step, "");
    delete node.on; // it leads nowhere yet: the admin draws its line
    const definition = addState(doc.definition, parentKey, key, node);
    const from = absolutePosition(doc, source);
    commitPlaced({ ...doc, definition }, key, { x: from.x + 190 + 160, y: from.y + 48 }, key);
    setPicker({ kind: "connect", source, target: key });
  };

  const connect = (source: string, target: string, choice: OutcomeChoice, base: DesignerDoc) => {
    const result = connectWithOutcome(base.definition, source, target, choice);
    onEdit?.({
      doc: { ...base, definition: result.definition },
      select: edgeId("on", source, result.ref.event, result.ref.index),
    });
  };

  const addFromPalette = (kind: NewStateKind) => {
    const key = uniqueStateKey(doc.definition, kind === "final" ? "end" : "state");
    const definition = addState(
      doc.definition,
      null,
      key,
      newNode(kind, knownGroups(doc, null)[0] ?? "safety-office"),
    );
    commitPlaced({ ...doc, definition }, key, viewCentre(), key);
  };

  let pickers: ReactNode = null;
  if (picker?.kind === "insert") {
    const source = parseEdgeId(picker.edgeId)?.source ?? null;
    pickers = (
      <InsertStepPicker
        anchor={picker.anchor}
        groups={knownGroups(doc, source)}
        onCancel={() => setPicker(null)}
        onInsert={(step) => {
          setPicker(null);
          insertStep(picker.edgeId, step, picker.anchor);
        }}
      />
    );
  } else if (picker?.kind === "append") {
    pickers = (
      <InsertStepPicker
        title={`在「${labelOf(picker.source)}」之后追加步骤`}
        anchor={picker.anchor}
        groups={knownGroups(doc, picker.source)}
        onCancel={() => setPicker(null)}
        onInsert={(step) => appendStep(picker.source, step)}
      />
    );
  } else if (picker?.kind === "connect") {
    pickers = (
      <OutcomePicker
        sourceLabel={labelOf(picker.source)}
        targetLabel={labelOf(picker.target)}
        options={outcomeOptions(doc.definition, picker.source)}
        labelOf={labelOf}
        onCancel={() => setPicker(null)}
        onPick={(choice) => {
          setPicker(null);
          connect(picker.source, picker.target, choice, doc);
        }}
      />
    );
  }

  return {
    pickers,
    insertOnEdge: (id: string, anchor: { x: number; y: number }) =>
      setPicker({ kind: "insert", edgeId: id, anchor }),
    startAppend: (source: string, anchor: { x: number; y: number }) =>
      setPicker({ kind: "append", source, anchor }),
    askOutcome: useCallback(
      (source: string, target: string) => setPicker({ kind: "connect", source, target }),
      [],
    ),
    addFromPalette,
  };
}
