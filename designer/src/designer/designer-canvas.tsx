/** The editable React Flow canvas: drag to move, drag between handles to connect, Delete to remove. */
import { applyNodeChanges, Background, Controls, MiniMap, ReactFlow } from "@xyflow/react";
import type { Connection, EdgeChange, NodeChange } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { stateNodeTypes } from "../diagram/state-nodes.js";
import { buildGraph } from "./graph-model.js";
import type { StateFlowNode } from "./graph-model.js";
import type { DesignerDoc } from "./unsaved-store.js";

export interface DesignerCanvasProps {
  doc: DesignerDoc;
  selectedId: string | null;
  problemStates: Set<string>;
  readOnly: boolean;
  activeStates?: string[];
  visitedStates?: string[];
  onSelect(id: string | null): void;
  onMoved(positions: Record<string, { x: number; y: number }>): void;
  onConnect(source: string, target: string): void;
  onDeleteNodes(keys: string[]): void;
  onDeleteEdges(ids: string[]): void;
}

export function DesignerCanvas(props: DesignerCanvasProps) {
  const { doc, selectedId, problemStates, readOnly, activeStates, visitedStates } = props;
  const graph = useMemo(
    () =>
      buildGraph(doc.definition, {
        layout: doc.layout,
        selectedId,
        problemStates,
        activeStates,
        visitedStates,
      }),
    [doc, selectedId, problemStates, activeStates, visitedStates],
  );
  const [nodes, setNodes] = useState<StateFlowNode[]>(graph.nodes);
  useEffect(() => setNodes(graph.nodes), [graph.nodes]);

  const onNodesChange = (changes: NodeChange<StateFlowNode>[]) => {
    // Keyboard selection (Tab to a node, Enter) selects it like a click does.
    const selected = changes.find((c) => c.type === "select" && c.selected);
    if (selected && selected.type === "select" && selected.id !== props.selectedId)
      props.onSelect(selected.id);
    // Removal and selection are decided by the document; the canvas only moves and measures.
    const local = changes.filter((c) => c.type === "position" || c.type === "dimensions");
    if (local.length) setNodes((current) => applyNodeChanges(local, current));
  };

  return (
    <div className="canvas" data-testid="designer-canvas">
      <ReactFlow
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={stateNodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={(changes: EdgeChange[]) => {
          const selected = changes.find((c) => c.type === "select" && c.selected);
          if (selected && selected.type === "select" && selected.id !== props.selectedId)
            props.onSelect(selected.id);
        }}
        onNodeClick={(_, node) => props.onSelect(node.id)}
        onEdgeClick={(_, edge) => props.onSelect(edge.id)}
        onPaneClick={() => props.onSelect(null)}
        onNodeDragStop={(_, __, moved) => {
          const positions: Record<string, { x: number; y: number }> = {};
          for (const node of moved)
            positions[node.id] = {
              x: Math.round(node.position.x),
              y: Math.round(Math.max(node.parentId ? 30 : -100000, node.position.y)),
            };
          props.onMoved(positions);
        }}
        onConnect={(connection: Connection) => {
          if (connection.source && connection.target)
            props.onConnect(connection.source, connection.target);
        }}
        onDelete={({ nodes: deletedNodes, edges: deletedEdges }) => {
          // Transitions into a deleted state stay, so that validation points at them.
          const gone = new Set(deletedNodes.map((n) => n.id));
          if (gone.size) props.onDeleteNodes([...gone]);
          else props.onDeleteEdges(deletedEdges.map((e) => e.id));
        }}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
        connectionRadius={40}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
        minZoom={0.15}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls />
        <MiniMap pannable zoomable nodeStrokeWidth={2} style={{ width: 150, height: 96 }} />
      </ReactFlow>
    </div>
  );
}
