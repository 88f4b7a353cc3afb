/**
 * A published schedule's state in the designer: running (its next slot) or paused (by
 * whom, since when), and the process admin's pause (with the reason the audit keeps) and
 * resume. A draft's schedule that is not published yet says so.
 */
import { useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { ScheduleStatus } from "../api/types.js";
import { formatDateTime } from "../components/format.js";

export function ScheduleState({
  status,
  onChanged,
}: {
  status: ScheduleStatus | undefined;
  onChanged(status: ScheduleStatus): void;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!status || !status.active)
    return <p className="muted small">尚未发布：发布后按此规则发起。</p>;
  const act = async (call: () => Promise<ScheduleStatus>) => {
    setBusy(true);
    try {
      onChanged(await call());
      setAsking(false);
      setReason("");
      setError(null);
    } catch (reason) {
      setError(describeError(reason));
    } finally {
      setBusy(false);
    }
  };
  const { processKey, key } = status;
  return (
    <div className="schedule-state small" data-testid="schedule-state">
      {status.paused ? (
        <p>
          <span className="tag warn">已暂停</span> {status.pausedBy}
          {status.pausedAt ? ` 于 ${formatDateTime(status.pausedAt)}` : ""}{" "}
          <button
            type="button"
            className="btn small"
            disabled={busy}
            onClick={() => void act(() => api.schedules.resume(processKey, key))}
          >
            恢复
          </button>
        </p>
      ) : (
        <p>
          <span className="tag ok">运行中</span>
          {status.nextSlots[0] ? ` 下次 ${formatDateTime(status.nextSlots[0])}` : ""}{" "}
          {!asking && (
            <button type="button" className="btn small" onClick={() => setAsking(true)}>
              暂停…
            </button>
          )}
        </p>
      )}
      {asking && !status.paused && (
        <div className="row">
          <input
            aria-label="暂停原因"
            placeholder="暂停原因，如 春节停工"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button
            type="button"
            className="btn small danger"
            disabled={busy}
            onClick={() => void act(() => api.schedules.pause(processKey, key, reason))}
          >
            确认暂停
          </button>
        </div>
      )}
      {error && (
        <p className="notice error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
