/**
 * The designer: canvas, side panel, JSON tab, simulator, live validation, undo/redo,
 * draft save (with local backup), diff and publish, and the version list.
 */
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { validateDefinition } from "../../../engine/definition/validate.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import type { Definition } from "../../../engine/definition/schema.js";
import { ApiError, describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { Problem } from "../api/types.js";
import { formatDateTime } from "../components/format.js";
import { useAsync } from "../components/use-async.js";
import { deleteState, deleteTransition, findState } from "./definition-edits.js";
import type { DesignerData } from "./designer-page.js";
import { DesignerCanvas } from "./designer-canvas.js";
import { describeChanges } from "./describe-changes.js";
import { layoutDefinition } from "./elk-layout.js";
import { parseEdgeId } from "./graph-model.js";
import { sameDefinition, statusBadge } from "./status-badge.js";
import { JsonTab } from "./json-tab.js";
import { problemTarget } from "./problem-target.js";
import { ProblemsList } from "./problems-list.js";
import { ProcessPanel } from "./process-panel.js";
import { PublishDialog } from "./publish-dialog.js";
import { SimulatorTab } from "./simulator-tab.js";
import { StatePanel } from "./state-panel.js";
import { TransitionPanel } from "./transition-panel.js";
import { useDesignerKeys } from "./use-designer-keys.js";
import { useEditHistory } from "./use-edit-history.js";
import { VersionList } from "./version-list.js";
import { writeUnsaved } from "./unsaved-store.js";
import type { DesignerDoc } from "./unsaved-store.js";

type Tab = "graph" | "json" | "changes" | "simulate";

export function DesignerEditor({ data }: { data: DesignerData }) {
  const navigate = useNavigate();
  const readOnly = data.viewVersion !== null;
  const history = useEditHistory<DesignerDoc>(data.initial);
  const doc = history.value;
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(data.saved));
  const [published, setPublished] = useState(data.published);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("graph");
  const [notice, setNotice] = useState<{ kind: "ok" | "error" | "info"; text: string } | null>(
    data.restoredAt
      ? { kind: "info", text: `已恢复 ${formatDateTime(data.restoredAt)} 未保存的修改` }
      : null,
  );
  const [busy, setBusy] = useState<"save" | "publish" | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[] | null>(null);
  const [connectRequest, setConnectRequest] = useState<{ source: string; target: string } | null>(
    null,
  );
  const versions = useAsync(
    () => api.definitions.versions(data.key).catch(() => []),
    [data.key, published?.version],
  );
  const dirty = !readOnly && JSON.stringify(doc) !== savedJson;

  // Live validation: the engine's own validator, run in the browser on every change.
  const publishedKeys = useMemo(
    () => new Set([...data.publishedKeys, data.key]),
    [data.publishedKeys, data.key],
  );
  const problems = useMemo(
    () => validateDefinition(doc.definition, { isPublished: (k) => publishedKeys.has(k) }).problems,
    [doc.definition, publishedKeys],
  );
  const problemStates = useMemo(
    () =>
      new Set(
        problems.map((p) => problemTarget(p.path).stateKey).filter((k): k is string => k !== null),
      ),
    [problems],
  );
  const states = useMemo(
    () => walkStates({ states: doc.definition.states ?? {} }),
    [doc.definition],
  );

  // Unsaved work survives a reload.
  useEffect(() => {
    if (readOnly) return;
    writeUnsaved(data.key, dirty ? doc : null);
  }, [doc, dirty, data.key, readOnly]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const commitDefinition = useCallback(
    (definition: Definition, mergeKey?: string) => history.commit({ ...doc, definition }, mergeKey),
    [history, doc],
  );

  const save = useCallback(async (): Promise<boolean> => {
    setBusy("save");
    try {
      const result = await api.definitions.saveDraft(data.key, doc.definition, doc.layout);
      setSavedJson(JSON.stringify(doc));
      writeUnsaved(data.key, null);
      setServerProblems(result.problems);
      setNotice({
        kind: "ok",
        text: result.problems.length
          ? `草稿已保存（仍有 ${result.problems.length} 个问题）`
          : "草稿已保存",
      });
      return true;
    } catch (error) {
      setNotice({ kind: "error", text: `保存失败：${describeError(error)}（修改仍保留在本机）` });
      return false;
    } finally {
      setBusy(null);
    }
  }, [data.key, doc]);

  const publish = async () => {
    setBusy("publish");
    try {
      if (dirty || !(await hasServerDraft(data.key))) {
        const result = await api.definitions.saveDraft(data.key, doc.definition, doc.layout);
        setSavedJson(JSON.stringify(doc));
        writeUnsaved(data.key, null);
        setServerProblems(result.problems);
      }
      const result = await api.definitions.publishDraft(data.key);
      const fresh = await api.definitions.get(data.key, result.version);
      setPublished(fresh);
      // Keep the layout with a fresh draft, so positions are not lost after publishing.
      await api.definitions
        .saveDraft(data.key, fresh.definition, doc.layout)
        .catch(() => undefined);
      setPublishOpen(false);
      setNotice({ kind: "ok", text: `已发布第 ${result.version} 版` });
    } catch (error) {
      const problemCount = error instanceof ApiError ? error.problems.length : 0;
      if (problemCount && error instanceof ApiError) setServerProblems(error.problems);
      setNotice({
        kind: "error",
        text: `发布被拒绝：${problemCount ? `有 ${problemCount} 个问题，见右侧检查结果` : describeError(error)}`,
      });
      setPublishOpen(false);
    } finally {
      setBusy(null);
    }
  };

  const relayout = async () => {
    const layout = await layoutDefinition(doc.definition);
    history.commit({ ...doc, layout });
  };

  useDesignerKeys({
    save: useCallback(() => {
      if (!readOnly && dirty) void save();
    }, [readOnly, dirty, save]),
    undo: history.undo,
    redo: history.redo,
  });

  const pickProblem = (problem: Problem) => {
    const target = problemTarget(problem.path);
    setTab("graph");
    setSelectedId(
      target.elementId &&
        (findState(doc.definition, target.elementId) || parseEdgeId(target.elementId))
        ? target.elementId
        : target.stateKey,
    );
  };

  const selectedEdge = selectedId ? parseEdgeId(selectedId) : null;
  const selectedState =
    selectedId && !selectedEdge ? states.find((s) => s.key === selectedId) : undefined;
  const nextVersion = (published?.version ?? 0) + 1;
  const changes = useMemo(
    () => describeChanges(published?.definition ?? null, doc.definition),
    [published, doc.definition],
  );
  const panelProps = { definition: doc.definition, readOnly, problems, commit: commitDefinition };

  return (
    <div className="designer">
      <div className="designer-bar">
        <div className="designer-title">
          <Link to="/designer" className="muted">
            流程设计
          </Link>
          <span aria-hidden="true"> / </span>
          <h1>{doc.definition.name || data.key}</h1>
          <span className="tag" data-testid="version-badge">
            {statusBadge({
              viewVersion: data.viewVersion,
              publishedVersion: published?.version ?? null,
              draftDiffers: !published || !sameDefinition(published.definition, doc.definition),
            })}
          </span>
          {dirty && (
            <span className="tag warn" data-testid="unsaved">
              未保存
            </span>
          )}
        </div>
        <div className="toolbar" role="toolbar" aria-label="设计工具">
          {readOnly ? (
            <Link className="btn" to={`/designer/${data.key}`}>
              返回草稿
            </Link>
          ) : (
            <>
              <button
                type="button"
                className="btn ghost"
                onClick={history.undo}
                disabled={!history.canUndo}
                title="撤销 (Ctrl+Z)"
                aria-label="撤销"
              >
                ↶ 撤销
              </button>
              <button
                type="button"
                className="btn ghost"
                onClick={history.redo}
                disabled={!history.canRedo}
                title="重做 (Ctrl+Shift+Z)"
                aria-label="重做"
              >
                ↷ 重做
              </button>
              <button type="button" className="btn ghost" onClick={() => void relayout()}>
                自动布局
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => void save()}
                disabled={!dirty || busy !== null}
                title="Ctrl+S"
              >
                {busy === "save" ? "保存中…" : "保存草稿"}
              </button>
              <button
                type="button"
                className="btn primary"
                onClick={() => setPublishOpen(true)}
                disabled={busy !== null}
              >
                发布…
              </button>
            </>
          )}
        </div>
      </div>
      {notice && (
        <div
          className={`notice ${notice.kind}`}
          role={notice.kind === "error" ? "alert" : "status"}
        >
          <span>{notice.text}</span>
          {data.restoredAt && notice.kind === "info" && (
            <button
              type="button"
              className="btn small ghost"
              onClick={() => {
                history.reset(data.saved);
                writeUnsaved(data.key, null);
                setNotice(null);
              }}
            >
              丢弃本机修改
            </button>
          )}
          <button
            type="button"
            className="btn small ghost"
            aria-label="关闭提示"
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
      <div className="designer-body">
        <div className="designer-main">
          <div className="tabs" role="tablist" aria-label="视图">
            {(
              [
                ["graph", "图形"],
                ["json", "JSON"],
                [
                  "changes",
                  `与已发布对比${changes.length && published ? `（${changes.length}）` : ""}`,
                ],
                ["simulate", "模拟运行"],
              ] as [Tab, string][]
            ).map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                className={tab === id ? "tab active" : "tab"}
                onClick={() => setTab(id)}
              >
                {label}
              </button>
            ))}
          </div>
          <div className="tab-body">
            {tab === "graph" && (
              <ReactFlowProvider>
                <DesignerCanvas
                  doc={doc}
                  selectedId={selectedId}
                  problemStates={problemStates}
                  readOnly={readOnly}
                  onSelect={setSelectedId}
                  onMoved={(positions) =>
                    history.commit({
                      ...doc,
                      layout: { positions: { ...doc.layout.positions, ...positions } },
                    })
                  }
                  connectRequest={connectRequest}
                  onEdit={({ doc: next, select }) => {
                    history.commit(next);
                    setSelectedId(select);
                  }}
                  onDeleteNodes={(keys) => {
                    let definition = doc.definition;
                    for (const key of keys) definition = deleteState(definition, key);
                    commitDefinition(definition);
                    setSelectedId(null);
                  }}
                  onDeleteEdges={(ids) => {
                    let definition = doc.definition;
                    // Highest index first, so the others keep their positions.
                    const refs = ids
                      .map(parseEdgeId)
                      .filter((r) => r !== null)
                      .sort((a, b) => b.index - a.index);
                    for (const ref of refs) definition = deleteTransition(definition, ref);
                    commitDefinition(definition);
                    setSelectedId(null);
                  }}
                />
              </ReactFlowProvider>
            )}
            {tab === "json" && (
              <JsonTab
                definition={doc.definition}
                readOnly={readOnly}
                onChange={(definition) => commitDefinition(definition, "json")}
              />
            )}
            {tab === "changes" && (
              <div className="changes">
                <h2>{published ? `草稿与已发布第 ${published.version} 版的区别` : "尚未发布"}</h2>
                {changes.length === 0 ? (
                  <p className="muted">草稿与已发布版本相同</p>
                ) : (
                  <ul className="change-list">
                    {changes.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {tab === "simulate" && (
              <SimulatorTab definition={doc.definition} layout={doc.layout} problems={problems} />
            )}
          </div>
        </div>
        <aside className="designer-side" aria-label="属性">
          {selectedEdge ? (
            <TransitionPanel
              {...panelProps}
              reference={selectedEdge}
              statePath={
                states.find((s) => s.key === selectedEdge.source)?.path ??
                `states.${selectedEdge.source}`
              }
              onSelect={setSelectedId}
            />
          ) : selectedState ? (
            <StatePanel
              {...panelProps}
              stateKey={selectedState.key}
              statePath={selectedState.path}
              onSelect={setSelectedId}
              onConnect={(target) => {
                setTab("graph");
                setConnectRequest({ source: selectedState.key, target });
              }}
              onRenamed={(from, to) => {
                setSelectedId(to);
                void from;
              }}
            />
          ) : (
            <ProcessPanel {...panelProps} />
          )}
          <ProblemsList problems={problems} onPick={pickProblem} />
          {serverProblems &&
            serverProblems.length > 0 &&
            JSON.stringify(serverProblems) !== JSON.stringify(problems) && (
              <div className="notice error small">
                服务器检查发现 {serverProblems.length} 个问题：
                {serverProblems.map((p) => `${p.path} ${p.message}`).join("；")}
              </div>
            )}
          <VersionList
            versions={versions.data ?? []}
            current={data.viewVersion}
            onOpen={(version) => navigate(`/designer/${data.key}?version=${version}`)}
          />
        </aside>
      </div>
      {publishOpen && (
        <PublishDialog
          nextVersion={nextVersion}
          changes={changes}
          problems={problems}
          busy={busy === "publish"}
          onCancel={() => setPublishOpen(false)}
          onConfirm={() => void publish()}
          onPickProblem={(p) => {
            setPublishOpen(false);
            pickProblem(p);
          }}
        />
      )}
    </div>
  );
}

async function hasServerDraft(key: string): Promise<boolean> {
  try {
    await api.definitions.getDraft(key);
    return true;
  } catch {
    return false;
  }
}
