/** Catches a screen that failed to render, so the rest of the app (and unsaved work) stays. */
import { Component } from "react";
import type { ErrorInfo, ReactNode } from "react";

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("screen failed", error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="error-box" role="alert">
          {/* The error's own text is English, for the console (logged above), not for people. */}
          <span>页面出错，请重试；如果仍然出错，请刷新页面或联系管理员</span>
          <button
            type="button"
            className="btn small"
            onClick={() => this.setState({ error: null })}
          >
            重试
          </button>
        </div>
      </div>
    );
  }
}
