/**
 * The 未送达 tab: each dead delivery with its case, recipients, channel, last error and
 * attempts, and 重试, which queues it again and says so.
 */
import { useState } from "react";
import { Link } from "react-router";
import { describeError } from "../../api/api-error.js";
import { api } from "../../api/client.js";
import type { Delivery } from "../../api/types.js";
import { formatDateTime } from "../../components/format.js";
import { EmptyState, ErrorBox, Loading } from "../../components/status-views.js";
import { useAsync } from "../../components/use-async.js";
import { channelTypeLabel } from "./channel-words.js";

export function DeadDeliveries() {
  const dead = useAsync(() => api.deliveries.dead(), []);
  if (dead.error) return <ErrorBox error={dead.error} onRetry={dead.reload} />;
  if (!dead.data) return <Loading />;
  if (dead.data.length === 0)
    return (
      <EmptyState title="没有未送达的通知">
        <p className="muted">多次发送失败的通知会列在这里，可查看原因并重试。</p>
      </EmptyState>
    );
  return (
    <ul className="dead-list" aria-label="未送达的通知">
      {dead.data.map((delivery) => (
        <DeadDelivery key={delivery.id} delivery={delivery} />
      ))}
    </ul>
  );
}

function DeadDelivery({ delivery }: { delivery: Delivery }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const retry = () => {
    setBusy(true);
    api.deliveries
      .retry(delivery.id)
      .then(() => setResult({ ok: true, text: "已重新排队，稍后发送" }))
      .catch((error: unknown) => setResult({ ok: false, text: describeError(error) }))
      .finally(() => setBusy(false));
  };
  const channel = delivery.channelName
    ? `${delivery.channelName}（${channelTypeLabel(delivery.channelType)}）`
    : channelTypeLabel(delivery.channelType);
  return (
    <li className="panel dead-delivery">
      <div className="dead-head">
        <strong>{delivery.title ?? delivery.message.split("\n")[0]}</strong>
        {delivery.instanceId && <Link to={`/instances/${delivery.instanceId}`}>查看案件</Link>}
      </div>
      <dl className="facts compact">
        <div>
          <dt>渠道</dt>
          <dd>{channel}</dd>
        </div>
        <div>
          <dt>接收人</dt>
          <dd>{delivery.recipients.map((r) => r.name).join("、") || "—"}</dd>
        </div>
        <div>
          <dt>尝试次数</dt>
          <dd>{delivery.attempts}</dd>
        </div>
        <div>
          <dt>产生时间</dt>
          <dd>{formatDateTime(delivery.createdAt)}</dd>
        </div>
      </dl>
      <p className="dead-error">
        <span className="muted">最后错误：</span>
        <code>{delivery.lastError ?? "—"}</code>
      </p>
      <div className="form-actions">
        <button type="button" className="btn small" disabled={busy || result?.ok} onClick={retry}>
          重试
        </button>
        {result && (
          <span className={result.ok ? "retry-ok" : "field-error"} role="status">
            {result.text}
          </span>
        )}
      </div>
    </li>
  );
}
