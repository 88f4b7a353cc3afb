/** A read-only diagram of a process with the instance's current states lit. */
import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import type { Definition } from "../../../engine/definition/schema.js";
import type { DesignerLayout } from "../api/types.js";
import { layoutDefinition } from "../designer/elk-layout.js";
import { buildGraph } from "../designer/graph-model.js";
import { transitionEdgeTypes } from "../designer/transition-edge.js";
import { Loading } from "../components/status-views.js";
import { useGroupNames } from "../components/use-group-names.js";
import { stateNodeTypes } from "./state-nodes.js";

export function ProcessDiagram({
  definition,
  activeStates,
  visitedStates,
  height = 360,
}: {
  definition: Definition;
  activeStates: string[];
  visitedStates?: string[];
  height?: number;
}) {
  const [layout, setLayout] = useState<DesignerLayout | null>(null);
  useEffect(() => {
    let current = true;
    layoutDefinition(definition)
      .then((result) => current && setLayout(result))
      .catch(() => current && setLayout({ positions: {} }));
    return () => {
      current = false;
    };
  }, [definition]);
  const groupNames = useGroupNames();
  const graph = useMemo(
    () =>
      layout ? buildGraph(definition, { layout, activeStates, visitedStates, groupNames }) : null,
    [definition, layout, activeStates, visitedStates, groupNames],
  );
  if (!graph) return <Loading label="正在绘制流程图…" />;
  return (
    <div
      className="diagram"
      style={{ height }}
      aria-label={`流程图，当前：${activeStates.join("、")}`}
    >
      <ReactFlowProvider>
        <ReactFlow
          nodes={graph.nodes}
          edges={graph.edges}
          nodeTypes={stateNodeTypes}
          edgeTypes={transitionEdgeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          // Open on the current states (their neighbours around them); zoom out for the whole process.
          fitViewOptions={
            activeStates.length > 0
              ? { nodes: activeStates.map((id) => ({ id })), padding: 0.35, maxZoom: 0.9 }
              : { padding: 0.05 }
          }
          minZoom={0.05}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
