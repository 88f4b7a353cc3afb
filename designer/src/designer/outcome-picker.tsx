/**
 * Asked when a line is dragged from one state to another: which outcome of the source
 * leads there: one it has (saying where it leads today), or a new one named in Chinese.
 */
import { useState } from "react";
import type { OutcomeChoice, OutcomeOption } from "./connect-with-outcome.js";
import { eventKeyFor } from "./event-key.js";

export function OutcomePicker({
  sourceLabel,
  targetLabel,
  options,
  labelOf,
  onPick,
  onCancel,
}: {
  sourceLabel: string;
  targetLabel: string;
  options: OutcomeOption[];
  /** A state's label by key, to say where an outcome leads today. */
  labelOf(key: string): string;
  onPick(choice: OutcomeChoice): void;
  onCancel(): void;
}) {
  const [name, setName] = useState("");
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div
        className="modal outcome-picker"
        role="dialog"
        aria-label="选择办理结果"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === "Escape" && onCancel()}
      >
        <h2>
          「{sourceLabel}」→「{targetLabel}」
        </h2>
        <p className="muted">选择哪个办理结果走这条线：</p>
        {options.length > 0 && (
          <ul className="outcome-options">
            {options.map((o) => (
              <li key={o.event}>
                <button
                  type="button"
                  className="btn block"
                  onClick={() => onPick({ kind: "existing", event: o.event })}
                >
                  {o.label}
                  <span className="muted small">
                    {o.currentTarget
                      ? `（现在转到「${labelOf(o.currentTarget)}」，将改到这里）`
                      : "（尚未连线）"}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="picker-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) onPick({ kind: "new", label: name.trim() });
          }}
        >
          <input
            autoFocus
            aria-label="新的办理结果"
            placeholder="新的办理结果，如 需复查"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn primary" disabled={!name.trim()}>
            新建
          </button>
        </form>
        {name.trim() && <p className="muted small">事件标识：{eventKeyFor(name)}（自动生成）</p>}
        <div className="modal-actions">
          <button type="button" className="btn ghost" onClick={onCancel}>
            取消
          </button>
        </div>
      </div>
    </div>
  );
}
