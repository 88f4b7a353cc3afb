import { useEffect, useState } from "react";
import type { StateNodeSpec } from "../../../engine/definition/schema.js";
import type { Problem } from "../api/types.js";

/** Entry actions as JSON (notify, assign, startProcess, sendToParent, sendToChildren). */
export function EntryActionsEditor({
  value,
  problems,
  onChange,
}: {
  value: StateNodeSpec["entry"];
  problems: Problem[];
  onChange(entry: StateNodeSpec["entry"]): void;
}) {
  const [text, setText] = useState(() => (value?.length ? JSON.stringify(value, null, 2) : ""));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Only reformat when the actions changed elsewhere (undo, JSON tab), not while typing.
    setText((current) => {
      try {
        if (
          JSON.stringify(JSON.parse(current || "null")) ===
          JSON.stringify(value?.length ? value : null)
        )
          return current;
      } catch {
        // unparsable text being typed: replace it only if the value really changed
      }
      return value?.length ? JSON.stringify(value, null, 2) : "";
    });
  }, [value]);
  return (
    <div className="panel-field">
      <label htmlFor="entry-actions">进入动作（JSON 列表，如 notify）</label>
      <textarea
        id="entry-actions"
        className={error || problems.length ? "mono invalid" : "mono"}
        rows={value?.length ? 5 : 2}
        value={text}
        placeholder='[{"type":"notify","to":["safety-office"],"message":"\"新隐患\""}]'
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setError(null);
            return onChange(undefined);
          }
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            if (!Array.isArray(parsed)) throw new Error("需要一个列表 [...]");
            setError(null);
            onChange(parsed as StateNodeSpec["entry"]);
          } catch (reason) {
            setError(reason instanceof Error ? reason.message : String(reason));
          }
        }}
      />
      {(error || problems.length > 0) && (
        <ul className="inline-problems">
          {error && <li>{error}</li>}
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
