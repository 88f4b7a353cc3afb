/**
 * The case's progress as a short list instead of the diagram (for people who are not
 * process admins): the steps done, the current one, and what comes next — the first
 * outcome's step, or a timer's, said in words (“15天后：函告后仍未整改”).
 */
import type { Definition, HistoryEntry, PendingTimer } from "../api/types.js";
import { describeDuration, formatDateTime } from "../components/format.js";
import { stateLabels } from "../components/timeline.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";

export interface Steps {
  done: string[];
  current: string[];
  next: string[];
}

/** Labels of the steps done (in order, once each), current and next. */
export function stepsOf(
  definition: Definition,
  history: Pick<HistoryEntry, "to">[],
  active: string[],
  /** The timers the case waits for (GET /instances/:id): the moment each step fires. */
  timers: PendingTimer[] = [],
): Steps {
  const labels = stateLabels(definition);
  const states = walkStates(definition);
  const label = (key: string) => labels.get(key);
  const current = active.map(label).filter((l): l is string => Boolean(l));
  const done: string[] = [];
  for (const entry of history)
    for (const key of entry.to) {
      const l = label(key);
      if (l && !active.includes(key) && !done.includes(l) && !current.includes(l)) done.push(l);
    }
  const next: string[] = [];
  for (const key of active) {
    const node = states.find((s) => s.key === key)?.node;
    const first = node?.task?.outcomes[0]?.event;
    const targets = first ? transitionsOf(node?.on?.[first]).map((t) => t.target) : [];
    for (const target of targets) {
      const l = target && target !== key ? label(target) : undefined;
      if (l && !next.includes(l)) next.push(l);
    }
    if (!node?.task) {
      const pending = timers.filter((t) => t.state === key && t.target);
      for (const timer of pending) {
        const l = label(timer.target!);
        const text = l && `${l}（${formatDateTime(timer.dueAt)} 自动进入）`;
        if (text && !next.includes(text)) next.push(text);
      }
      if (pending.length > 0) continue;
      for (const timer of node?.after ?? []) {
        const l = timer.target ? label(timer.target) : undefined;
        if (!l) continue;
        const after = describeDuration(timer.delay);
        // A computed wait or a moment says 到期后; a fixed one how long (3天后).
        const fixed = after && after !== "按公式计算" && !after.startsWith("于");
        const text = `${l}（${fixed ? `${after}后` : "到期后"}自动进入）`;
        if (!next.includes(text)) next.push(text);
      }
    }
  }
  return { done, current, next };
}

export function StepList({ steps }: { steps: Steps }) {
  return (
    <ol className="step-list" aria-label="办理进度">
      {steps.done.map((l) => (
        <li key={`done:${l}`} className="step-done">
          <span className="step-mark" aria-hidden="true">
            ✓
          </span>
          {l}
        </li>
      ))}
      {steps.current.map((l) => (
        <li key={`current:${l}`} className="step-current" aria-current="step">
          <span className="step-mark" aria-hidden="true">
            ●
          </span>
          {l} <span className="muted">（当前）</span>
        </li>
      ))}
      {steps.next.map((l) => (
        <li key={`next:${l}`} className="step-next">
          <span className="step-mark" aria-hidden="true">
            ○
          </span>
          {l} <span className="muted">（下一步）</span>
        </li>
      ))}
    </ol>
  );
}
