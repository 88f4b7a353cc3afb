/**
 * Where each line's label goes, so that labels neither overlap one another nor sit on a
 * state: each starts at the middle of its line (where React Flow puts it) and moves down
 * or up in steps until it is free. Pure: positions and sizes in, offsets out.
 *
 * @example
 * ```ts
 * const offsets = placeEdgeLabels(boxes, [{ id: "a::on::GO::0", source: "a", target: "b", text: "通过" }]);
 * offsets.get("a::on::GO::0"); // { dx: 0, dy: 0 } when nothing is in the way
 * ```
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** False for a group: labels may sit inside it. */
  obstacle?: boolean;
}

export interface LabelRequest {
  id: string;
  source: string;
  target: string;
  text: string;
  /** Where the line's label sits before moving; default: the middle between the states. */
  anchor?: { x: number; y: number };
}

const LABEL_HEIGHT = 22;
const STEP = 24;
/** Room for the "+" button in front of the label. */
const BUTTON_ROOM = 26;

/** About how wide the label is drawn at 12px: CJK characters are square, Latin ones half. */
export function labelWidth(text: string): number {
  let width = 16 + BUTTON_ROOM;
  for (const char of text) width += (char.codePointAt(0) ?? 0) <= 0xff ? 7 : 12.5;
  return Math.min(width, 220 + BUTTON_ROOM);
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Offsets from each line's middle; lines whose states are unknown are left out. */
export function placeEdgeLabels(
  boxes: ReadonlyMap<string, Box>,
  labels: readonly LabelRequest[],
): Map<string, { dx: number; dy: number }> {
  const taken: Box[] = [...boxes.values()].filter((box) => box.obstacle !== false);
  const offsets = new Map<string, { dx: number; dy: number }>();
  for (const label of labels) {
    const from = boxes.get(label.source);
    const to = boxes.get(label.target);
    if (!from || !to) continue;
    const middle = label.anchor ?? {
      x: (from.x + from.width + to.x) / 2,
      y: (from.y + from.height / 2 + to.y + to.height / 2) / 2,
    };
    const width = labelWidth(label.text);
    const at = (dy: number): Box => ({
      x: middle.x - width / 2,
      y: middle.y - LABEL_HEIGHT / 2 + dy,
      width,
      height: LABEL_HEIGHT,
    });
    let dy = 0;
    for (let i = 1; i <= 12 && taken.some((box) => overlaps(box, at(dy))); i++) {
      dy = (i % 2 === 1 ? 1 : -1) * Math.ceil(i / 2) * STEP;
    }
    taken.push(at(dy));
    offsets.set(label.id, { dx: 0, dy });
  }
  return offsets;
}
