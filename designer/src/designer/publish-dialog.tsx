/** Confirms a publish: the new version number, what changed, and any problem that blocks it. */
import { useEffect, useRef } from "react";
import type { Problem } from "../api/types.js";

export function PublishDialog({
  nextVersion,
  changes,
  problems,
  busy,
  onCancel,
  onConfirm,
  onPickProblem,
}: {
  nextVersion: number;
  changes: string[];
  problems: Problem[];
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
  onPickProblem(problem: Problem): void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (problems.length ? cancelRef : confirmRef).current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel, problems.length]);
  const blocked = problems.length > 0;
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="publish-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="publish-title">发布为第 {nextVersion} 版</h2>
        {blocked ? (
          <>
            <p className="danger">存在 {problems.length} 个问题，不能发布：</p>
            <ul className="problem-lines">
              {problems.map((p, i) => (
                <li key={i}>
                  <button type="button" className="linklike" onClick={() => onPickProblem(p)}>
                    <code>{p.path || "（整个流程）"}</code> {p.message}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <p>发布后，新发起的案件使用第 {nextVersion} 版；进行中的案件继续使用原版本。</p>
            <h3>改动</h3>
            {changes.length ? (
              <ul className="change-list">
                {changes.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">与上一版相同（不会产生新版本）</p>
            )}
          </>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>
            取消
          </button>
          <button
            type="button"
            className="btn primary"
            ref={confirmRef}
            disabled={blocked || busy}
            onClick={onConfirm}
          >
            {busy ? "发布中…" : `确认发布第 ${nextVersion} 版`}
          </button>
        </div>
      </div>
    </div>
  );
}
