/**
 * 转办: find the person by typing their name (`陈军`), pinyin initials (`cj`) or group;
 * only people the task may go to are offered. After the hand-over the inbox says to whom.
 */
import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { describeError } from "../api/api-error.js";
import { api, type DelegateCandidate } from "../api/client.js";
import type { Task } from "../api/types.js";

const DEBOUNCE_MS = 250;

function useDelegates(taskId: string, query: string, active: boolean) {
  const [items, setItems] = useState<DelegateCandidate[]>([]);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.tasks
        .delegates(taskId, query.trim(), controller.signal)
        .then((page) => setItems(page.items))
        .catch(() => setItems([]));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [taskId, query, active]);
  return items;
}

export function DelegatePicker({ task, disabled }: { task: Task; disabled: boolean }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<DelegateCandidate | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useDelegates(task.id, text, open && chosen === null);
  const listId = useId();

  const delegate = async (person: DelegateCandidate) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.tasks.delegate(task.id, person.id);
      navigate("/inbox", { state: { flash: `已将「${task.name}」转办给 ${person.name}` } });
    } catch (error) {
      setMessage(describeError(error));
      setBusy(false);
    }
  };

  return (
    <details className="delegate" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>转办</summary>
      <div className="delegate-picker">
        <label htmlFor="delegate-to">转办给</label>
        <input
          id="delegate-to"
          role="combobox"
          aria-expanded={options.length > 0 && chosen === null}
          aria-controls={listId}
          autoComplete="off"
          placeholder="输入姓名、拼音首字母或所在组"
          value={chosen ? chosen.name : text}
          onChange={(e) => {
            setChosen(null);
            setText(e.target.value);
          }}
        />
        {chosen === null && text.trim() !== "" && (
          <ul id={listId} role="listbox" className="delegate-options" aria-label="可转办的人">
            {options.length === 0 ? (
              <li className="muted">没有可转办的人</li>
            ) : (
              options.map((person) => (
                <li
                  key={person.id}
                  role="option"
                  aria-selected={false}
                  onClick={() => setChosen(person)}
                >
                  <strong>{person.name}</strong>{" "}
                  <span className="muted small">{person.groups.join("、")}</span>
                </li>
              ))
            )}
          </ul>
        )}
        <button
          type="button"
          className="btn small"
          disabled={chosen === null || disabled || busy}
          onClick={() => chosen && void delegate(chosen)}
        >
          {chosen ? `转办给 ${chosen.name}` : "确定转办"}
        </button>
        {message && (
          <div className="error-box" role="alert">
            {message}
          </div>
        )}
      </div>
    </details>
  );
}
