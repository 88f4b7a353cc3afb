/** A task's outcomes: one event and one button label each. */
import type { Task } from "../../../engine/definition/schema.js";
import type { Problem } from "../api/types.js";

export function OutcomesEditor({
  task,
  problems,
  onChange,
}: {
  task: Task;
  problems: Problem[];
  onChange(outcomes: Task["outcomes"]): void;
}) {
  const outcomes = task.outcomes;
  return (
    <div className="outcomes-editor">
      <div className="panel-subhead">
        <span>办理结果（每个对应一个事件）</span>
        <button
          type="button"
          className="btn small"
          onClick={() =>
            onChange([...outcomes, { event: `OUTCOME_${outcomes.length + 1}`, label: "新结果" }])
          }
        >
          添加
        </button>
      </div>
      {outcomes.map((o, i) => (
        <div className="row" key={i}>
          <input
            aria-label="事件"
            className="mono"
            value={o.event}
            onChange={(e) =>
              onChange(outcomes.map((x, j) => (j === i ? { ...x, event: e.target.value } : x)))
            }
          />
          <input
            aria-label="按钮文字"
            value={o.label}
            onChange={(e) =>
              onChange(outcomes.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))
            }
          />
          <button
            type="button"
            className="btn small ghost"
            aria-label={`删除结果 ${o.event}`}
            onClick={() => onChange(outcomes.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      {problems.length > 0 && (
        <ul className="inline-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
