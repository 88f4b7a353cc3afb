/** The definition as JSON, edited in place; valid JSON flows back into the graph at once. */
import { useEffect, useState } from "react";
import type { Definition } from "../../../engine/definition/schema.js";

export function JsonTab({
  definition,
  readOnly,
  onChange,
}: {
  definition: Definition;
  readOnly: boolean;
  onChange(definition: Definition): void;
}) {
  const [text, setText] = useState(() => JSON.stringify(definition, null, 2));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(definition)) return current;
      } catch {
        // the text being typed does not parse yet; the definition changed elsewhere
      }
      return JSON.stringify(definition, null, 2);
    });
  }, [definition]);

  return (
    <div className="json-tab">
      <label htmlFor="definition-json" className="sr-only">
        流程定义 JSON
      </label>
      <textarea
        id="definition-json"
        className={error ? "json-editor invalid" : "json-editor"}
        spellCheck={false}
        readOnly={readOnly}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
              throw new Error("定义必须是一个 JSON 对象");
            setError(null);
            onChange(parsed as Definition);
          } catch (reason) {
            setError(reason instanceof Error ? reason.message : String(reason));
          }
        }}
      />
      <div className={error ? "json-status error" : "json-status"} role="status">
        {error
          ? `JSON 无法解析：${error}（图形视图保持上一次有效的内容）`
          : "JSON 有效，与图形视图同步"}
      </div>
    </div>
  );
}
