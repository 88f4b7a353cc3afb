/** The loading, empty and error states every screen shows the same way. */
import type { ReactNode } from "react";
import { describeError } from "../api/api-error.js";

export function Loading({ label = "加载中…" }: { label?: string }) {
  return (
    <div className="status-view" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="status-view empty">
      <div className="empty-title">{title}</div>
      {children}
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="btn small" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}
