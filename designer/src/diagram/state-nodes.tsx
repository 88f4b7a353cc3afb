/** How a state is drawn: a card (atomic, final) or a labelled frame holding its children. */
import { Handle, Position } from "@xyflow/react";
import type { NodeProps } from "@xyflow/react";
import type { StateFlowNode } from "../designer/graph-model.js";

const typeLabels: Record<string, string> = {
  compound: "复合",
  parallel: "并行",
  final: "终态",
  atomic: "",
};

function classes(data: StateFlowNode["data"], selected: boolean, base: string): string {
  return [
    base,
    `state-${data.type}`,
    data.active ? "is-active" : "",
    data.visited ? "is-visited" : "",
    data.hasProblem ? "has-problem" : "",
    selected ? "is-selected" : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export function StateNode({ data, selected }: NodeProps<StateFlowNode>) {
  return (
    <div
      className={classes(data, selected, "state-node")}
      data-state={data.stateKey}
      title={data.stateKey}
    >
      <Handle type="target" position={Position.Left} />
      <div className="state-head">
        {data.initial && <span className="initial-dot" title="初始状态" aria-label="初始状态" />}
        <span className="state-label">{data.label}</span>
        {data.type === "final" && <span className="final-mark">终态</span>}
      </div>
      <div className="state-key">
        <code>{data.stateKey}</code>
      </div>
      {data.taskName && (
        <div className="state-task">
          <span className="task-icon" aria-hidden="true">
            ☑
          </span>
          {data.taskName}
          <div className="state-task-meta">
            {data.taskGroups}
            {data.taskDue ? ` · ${data.taskDue}` : ""}
          </div>
        </div>
      )}
      {data.internalEvents.length > 0 && (
        <div className="state-internal">↻ {data.internalEvents.join("、")}</div>
      )}
      {data.type !== "final" && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

export function GroupStateNode({ data, selected }: NodeProps<StateFlowNode>) {
  return (
    <div
      className={classes(data, selected, "group-node")}
      data-state={data.stateKey}
      title={data.stateKey}
    >
      <Handle type="target" position={Position.Left} />
      <div className="group-head">
        {data.initial && <span className="initial-dot" title="初始状态" aria-label="初始状态" />}
        <span className="state-label">{data.label}</span>
        <span className="group-type">{typeLabels[data.type]}</span>
        <code className="state-key">{data.stateKey}</code>
      </div>
      {data.taskName && <div className="state-task group-task">☑ {data.taskName}</div>}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const stateNodeTypes = { state: StateNode, "group-state": GroupStateNode };
