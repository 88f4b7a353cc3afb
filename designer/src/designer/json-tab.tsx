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
            setError(whereJsonBreaks(e.target.value, reason));
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

/** Where the text stops being JSON, in Chinese: the browser's own message is English. */
function whereJsonBreaks(text: string, reason: unknown): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  if (message === "定义必须是一个 JSON 对象") return message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `第 ${lineColumn[1]} 行第 ${lineColumn[2]} 列附近有错误`;
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split("\n");
    return `第 ${before.length} 行第 ${(before.at(-1)?.length ?? 0) + 1} 列附近有错误`;
  }
  return /end of JSON input/.test(message) ? "内容不完整（缺少括号或引号）" : "格式不正确";
}
