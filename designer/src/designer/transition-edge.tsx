/**
 * A transition drawn as a line with a readable label, moved off other labels and states
 * (`labelShift`), and, in the designer, a "+" that inserts a step on the line.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, getSmoothStepPath } from "@xyflow/react";
import type { EdgeProps } from "@xyflow/react";
import { createContext, useContext } from "react";
import type { TransitionFlowEdge } from "./graph-model.js";

/** What the "+" does: given the edge and where it was pressed (screen coordinates). */
export type InsertOnEdge = (edgeId: string, at: { x: number; y: number }) => void;

/** Null where lines are read-only (the instance view, a published version). */
export const InsertOnEdgeContext = createContext<InsertOnEdge | null>(null);

export function TransitionEdge(props: EdgeProps<TransitionFlowEdge>) {
  const insert = useContext(InsertOnEdgeContext);
  const detourY = props.data?.detourY;
  const [path, labelX, labelY] =
    detourY === undefined
      ? getBezierPath(props)
      : getSmoothStepPath({ ...props, centerY: detourY, borderRadius: 12, offset: 22 });
  const shift = props.data?.labelShift ?? { dx: 0, dy: 0 };
  const text = typeof props.label === "string" ? props.label : "";
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        style={props.style}
        interactionWidth={props.interactionWidth}
      />
      <EdgeLabelRenderer>
        <div
          className={props.selected ? "edge-label is-selected" : "edge-label"}
          style={{
            transform: `translate(-50%, -50%) translate(${labelX + shift.dx}px, ${labelY + shift.dy}px)`,
          }}
          title={props.data?.detail}
          data-edge={props.id}
        >
          {insert && (
            <button
              type="button"
              className="edge-insert nodrag nopan"
              aria-label={`在「${text}」这条线上插入步骤`}
              title="在这条线上插入步骤"
              onClick={(event) => {
                event.stopPropagation();
                insert(props.id, { x: event.clientX, y: event.clientY });
              }}
            >
              +
            </button>
          )}
          {text && <span className="edge-text">{text}</span>}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const transitionEdgeTypes = { transition: TransitionEdge };
