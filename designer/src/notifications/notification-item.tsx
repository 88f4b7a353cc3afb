/**
 * One message of the list. Clicking it marks it read and opens its case (a message
 * without a case is only marked read).
 */
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { Notification } from "../api/types.js";
import { formatDateTime, formatListTime } from "../components/format.js";

export function NotificationItem({
  item,
  processName,
}: {
  item: Notification;
  processName: string | null;
}) {
  const navigate = useNavigate();
  const [readHere, setReadHere] = useState(false);
  const read = item.read || readHere;
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    try {
      if (!read) await api.notifications.markRead(item.id);
      setReadHere(true);
      if (item.instanceId) navigate(`/instances/${item.instanceId}`);
    } catch (reason) {
      setError(describeError(reason));
    }
  };
  return (
    <li className={read ? "notification-item" : "notification-item unread"}>
      <button type="button" className="notification-open" onClick={() => void open()}>
        <span className="notification-head">
          {!read && <span className="unread-dot" aria-label="未读" />}
          <strong className="notification-title">{item.title ?? processName ?? "通知"}</strong>
        </span>
        <span className="notification-message">{item.message}</span>
        <span className="notification-meta muted">
          {processName && <span>{processName}</span>}
          <time dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
            {formatListTime(item.createdAt)}
          </time>
          {item.instanceId && <span className="notification-go">查看案件 ›</span>}
        </span>
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
