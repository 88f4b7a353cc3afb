/**
 * Where a new state goes on the canvas: near the spot asked for (the middle of the line
 * it was inserted on, the middle of the view), moved down until it covers no other state.
 * Positions are in the layout's terms: relative to the enclosing state, if any.
 *
 * @example
 * ```ts
 * const layout = placeNewState(doc, "step1", null, { x: 400, y: 120 });
 * layout.positions.step1; // { x: 305, y: 72 } or lower, if a state is there
 * ```
 */
import { walkStates } from "../../../engine/definition/walk-states.js";
import type { DesignerLayout } from "../api/types.js";
import { computeSizes, leafSize } from "./graph-model.js";
import type { DesignerDoc } from "./unsaved-store.js";

const STEP_DOWN = 110;

/** A state's top-left on the canvas, its enclosing states' positions added. */
export function absolutePosition(doc: DesignerDoc, key: string): { x: number; y: number } {
  const parents = new Map(
    walkStates({ states: doc.definition.states ?? {} }).map((s) => [s.key, s.parentKey]),
  );
  let x = 0;
  let y = 0;
  for (let k: string | null | undefined = key; k; k = parents.get(k)) {
    const p = doc.layout.positions[k];
    x += p?.x ?? 0;
    y += p?.y ?? 0;
  }
  return { x, y };
}

/**
 * The layout with `key` placed so that its centre is near `centre` (canvas
 * coordinates); the definition must already hold the state.
 */
export function placeNewState(
  doc: DesignerDoc,
  key: string,
  parentKey: string | null,
  centre: { x: number; y: number },
): DesignerLayout {
  const states = walkStates({ states: doc.definition.states ?? {} });
  const self = states.find((s) => s.key === key);
  const size = self ? leafSize(self.node, self.type) : { width: 190, height: 60 };
  const sizes = computeSizes(states, doc.layout);
  const origin = parentKey ? absolutePosition(doc, parentKey) : { x: 0, y: 0 };
  const others = states
    .filter((s) => s.key !== key && s.parentKey === parentKey && doc.layout.positions[s.key])
    .map((s) => ({
      ...(doc.layout.positions[s.key] as { x: number; y: number }),
      ...(sizes.get(s.key) ?? leafSize(s.node, s.type)),
    }));
  const spot = {
    x: Math.round(centre.x - origin.x - size.width / 2),
    y: Math.round(Math.max(parentKey ? 52 : -1e6, centre.y - origin.y - size.height / 2)),
  };
  const covers = () =>
    others.some(
      (o) =>
        spot.x < o.x + o.width + 20 &&
        o.x < spot.x + size.width + 20 &&
        spot.y < o.y + o.height + 20 &&
        o.y < spot.y + size.height + 20,
    );
  for (let i = 0; i < 40 && covers(); i++) spot.y += STEP_DOWN;
  return { positions: { ...doc.layout.positions, [key]: spot } };
}
