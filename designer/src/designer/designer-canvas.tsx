/**
 * The editable React Flow canvas: drag to move; drag between handles (or the context
 * pad's 连线) to connect, then pick the outcome; "+" on a line inserts a step; the
 * palette adds states in view; Delete removes. Read-only for versions and the simulator.
 */
import { applyNodeChanges, Background, Controls, MiniMap, ReactFlow } from "@xyflow/react";
import type { Connection, EdgeChange, NodeChange } from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useGroupNames } from "../components/use-group-names.js";
import { stateNodeTypes } from "../diagram/state-nodes.js";
import { CanvasPalette, ContextPad } from "./canvas-palette.js";
import { buildGraph } from "./graph-model.js";
import type { StateFlowNode } from "./graph-model.js";
import { InsertOnEdgeContext, transitionEdgeTypes } from "./transition-edge.js";
import { useCanvasEdits } from "./use-canvas-edits.js";
import type { CanvasEdit } from "./use-canvas-edits.js";
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
  /** An edit made on the canvas (insert, connect, append, palette); absent when read-only. */
  onEdit?(edit: CanvasEdit): void;
  onDeleteNodes(keys: string[]): void;
  onDeleteEdges(ids: string[]): void;
  /** A line asked for elsewhere (the side panel): the outcome picker opens for it. */
  connectRequest?: { source: string; target: string } | null;
}

/** Zoom at which a label is still readable: fitting a large process never goes below it. */
const READABLE_ZOOM = 0.85;

export function DesignerCanvas(props: DesignerCanvasProps) {
  const { doc, selectedId, problemStates, readOnly, activeStates, visitedStates } = props;
  const canvasRef = useRef<HTMLDivElement>(null);
  const editable = !readOnly && props.onEdit !== undefined;
  const edits = useCanvasEdits({ doc, onEdit: props.onEdit, canvasRef });
  const [connectFrom, setConnectFrom] = useState<string | null>(null);
  const groupNames = useGroupNames();
  const graph = useMemo(
    () =>
      buildGraph(doc.definition, {
        layout: doc.layout,
        selectedId,
        problemStates,
        activeStates,
        visitedStates,
        groupNames,
      }),
    [doc, selectedId, problemStates, activeStates, visitedStates, groupNames],
  );
  const [nodes, setNodes] = useState<StateFlowNode[]>(graph.nodes);
  useEffect(() => setNodes(graph.nodes), [graph.nodes]);
  const request = props.connectRequest;
  const { askOutcome } = edits;
  useEffect(() => {
    if (request) askOutcome(request.source, request.target);
  }, [request, askOutcome]);
  const selectedNode = graph.nodes.find((n) => n.id === selectedId && n.type === "state");

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
    <div className="canvas" data-testid="designer-canvas" ref={canvasRef}>
      <InsertOnEdgeContext.Provider value={editable ? edits.insertOnEdge : null}>
        <ReactFlow
          nodes={nodes}
          edges={graph.edges}
          nodeTypes={stateNodeTypes}
          edgeTypes={transitionEdgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={(changes: EdgeChange[]) => {
            const selected = changes.find((c) => c.type === "select" && c.selected);
            if (selected && selected.type === "select" && selected.id !== props.selectedId)
              props.onSelect(selected.id);
          }}
          onNodeClick={(_, node) => {
            if (connectFrom && connectFrom !== node.id) {
              edits.askOutcome(connectFrom, node.id);
              setConnectFrom(null);
              return;
            }
            props.onSelect(node.id);
          }}
          onEdgeClick={(_, edge) => props.onSelect(edge.id)}
          onPaneClick={() => {
            setConnectFrom(null);
            props.onSelect(null);
          }}
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
            if (editable && connection.source && connection.target)
              edits.askOutcome(connection.source, connection.target);
          }}
          onDelete={({ nodes: deletedNodes, edges: deletedEdges }) => {
            // Transitions into a deleted state stay, so that validation points at them.
            const gone = new Set(deletedNodes.map((n) => n.id));
            if (gone.size) props.onDeleteNodes([...gone]);
            else props.onDeleteEdges(deletedEdges.map((e) => e.id));
          }}
          nodesDraggable={!readOnly}
          nodesConnectable={editable}
          elementsSelectable
          deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
          connectionRadius={40}
          // Fit the process, but never below a zoom at which its labels can be read.
          fitView
          fitViewOptions={{ padding: 0.08, maxZoom: 1.1, minZoom: READABLE_ZOOM }}
          minZoom={0.15}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          <Controls position="bottom-right" />
          <MiniMap
            position="top-right"
            pannable
            zoomable
            nodeStrokeWidth={2}
            style={{ width: 150, height: 96 }}
          />
          {editable && selectedNode && (
            <ContextPad
              stateKey={selectedNode.id}
              canLeave={selectedNode.data.type !== "final"}
              connecting={connectFrom === selectedNode.id}
              onAppend={(anchor) => edits.startAppend(selectedNode.id, anchor)}
              onConnect={() =>
                setConnectFrom(connectFrom === selectedNode.id ? null : selectedNode.id)
              }
              onDelete={() => props.onDeleteNodes([selectedNode.id])}
            />
          )}
        </ReactFlow>
      </InsertOnEdgeContext.Provider>
      {editable && <CanvasPalette onAdd={edits.addFromPalette} />}
      {edits.pickers}
    </div>
  );
}
