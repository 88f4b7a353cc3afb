/**
 * The palette at the canvas's left edge (as in Camunda Modeler): new states of each kind,
 * created in the middle of the view. The context pad beside a selected state appends,
 * connects and deletes.
 */
import { NodeToolbar, Position } from "@xyflow/react";
import type { NewStateKind } from "./use-canvas-edits.js";

const kinds: { kind: NewStateKind; icon: string; label: string }[] = [
  { kind: "task", icon: "☑", label: "任务步骤" },
  { kind: "atomic", icon: "▭", label: "普通状态" },
  { kind: "final", icon: "◉", label: "终态" },
];

export function CanvasPalette({ onAdd }: { onAdd(kind: NewStateKind): void }) {
  return (
    <div className="canvas-palette" role="toolbar" aria-label="添加" aria-orientation="vertical">
      {kinds.map(({ kind, icon, label }) => (
        <button
          key={kind}
          type="button"
          className="palette-item"
          title={`添加${label}（放在视图中央）`}
          onClick={() => onAdd(kind)}
        >
          <span aria-hidden="true">{icon}</span>
          <span>{label}</span>
        </button>
      ))}
    </div>
  );
}

export function ContextPad({
  stateKey,
  canLeave,
  connecting,
  onAppend,
  onConnect,
  onDelete,
}: {
  stateKey: string;
  /** False for a final state: nothing leaves it. */
  canLeave: boolean;
  connecting: boolean;
  onAppend(anchor: { x: number; y: number }): void;
  onConnect(): void;
  onDelete(): void;
}) {
  return (
    <NodeToolbar nodeId={stateKey} isVisible position={Position.Right} offset={8}>
      <div className="context-pad" role="toolbar" aria-label="状态操作">
        {canLeave && (
          <button
            type="button"
            title="在其后追加一个任务步骤"
            onClick={(e) => onAppend({ x: e.clientX, y: e.clientY })}
          >
            ＋ 追加步骤
          </button>
        )}
        {canLeave && (
          <button
            type="button"
            className={connecting ? "active" : undefined}
            title="再点一个状态，连线过去"
            onClick={onConnect}
          >
            {connecting ? "点选目标状态…" : "→ 连线"}
          </button>
        )}
        <button type="button" className="danger" title="删除此状态" onClick={onDelete}>
          删除
        </button>
      </div>
    </NodeToolbar>
  );
}
