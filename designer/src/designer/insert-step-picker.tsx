/**
 * The picker the "+" on a line opens (as in DingTalk): a name, then one click on the group
 * that does the step inserts it. Enter inserts it for the group shown first (the group of
 * the step before). The outcome's name can be changed; its event key is derived.
 */
import { useEffect, useRef, useState } from "react";
import type { NewStep } from "./insert-step.js";

export function InsertStepPicker({
  anchor,
  groups,
  onInsert,
  onCancel,
  title = "在此插入步骤",
}: {
  /** Screen coordinates of the "+" that opened it. */
  anchor: { x: number; y: number };
  /** Groups to choose from, the likeliest first. */
  groups: string[];
  onInsert(step: NewStep): void;
  onCancel(): void;
  title?: string;
}) {
  const [label, setLabel] = useState("审核");
  const [outcomeLabel, setOutcomeLabel] = useState("完成");
  const [otherGroup, setOtherGroup] = useState("");
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.select(), []);
  const insert = (group: string | undefined) => {
    if (!group?.trim()) return;
    onInsert({ label, group: group.trim(), outcomeLabel });
  };
  const left = Math.max(8, Math.min(anchor.x - 20, window.innerWidth - 320));
  const top = Math.max(8, Math.min(anchor.y + 16, window.innerHeight - 330));

  return (
    <div className="picker-backdrop" onClick={onCancel}>
      <div
        className="picker"
        role="dialog"
        aria-label={title}
        style={{ left, top }}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === "Escape" && onCancel()}
      >
        <h3>{title}</h3>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            insert(otherGroup || groups[0]);
          }}
        >
          <label className="picker-field">
            <span>步骤名称</span>
            <input ref={nameRef} value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label className="picker-field">
            <span>办理结果</span>
            <input value={outcomeLabel} onChange={(e) => setOutcomeLabel(e.target.value)} />
          </label>
          <div className="picker-label" id="insert-groups">
            由谁办理（点选即插入）
          </div>
          <div className="group-chips" role="group" aria-labelledby="insert-groups">
            {groups.map((group, i) => (
              <button
                key={group}
                type="button"
                className={i === 0 ? "chip suggested" : "chip"}
                onClick={() => insert(group)}
              >
                {group.startsWith("=") ? `按表达式：${group.slice(1)}` : group}
              </button>
            ))}
          </div>
          <div className="picker-row">
            <input
              aria-label="其他组"
              placeholder="其他组（=开头为 FEEL）"
              value={otherGroup}
              onChange={(e) => setOtherGroup(e.target.value)}
            />
            <button type="submit" className="btn small primary">
              插入
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
