/** One channel in the list: what it is and whom it serves; edit, 停用/启用 and delete. */
import { useState } from "react";
import { describeError } from "../../api/api-error.js";
import { api } from "../../api/client.js";
import type { Channel } from "../../api/types.js";
import { channelTypeLabel } from "./channel-words.js";

export function ChannelRow({
  channel,
  onEdit,
  onChanged,
}: {
  channel: Channel;
  onEdit(): void;
  onChanged(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    action()
      .then(onChanged)
      .catch((reason: unknown) => setError(describeError(reason)))
      .finally(() => setBusy(false));
  };
  const serves = [...channel.groups, ...channel.users.map((u) => `用户 ${u}`)].join("、");
  return (
    <tr className={channel.enabled ? undefined : "disabled-row"}>
      <td data-label="名称">
        <strong>{channel.name}</strong>
      </td>
      <td data-label="类型">{channelTypeLabel(channel.type)}</td>
      <td data-label="地址" className="url-hint">
        {channel.urlHint ?? "—"}
      </td>
      <td data-label="密钥">{channel.hasSecret ? "已设置" : "未设置"}</td>
      <td data-label="服务对象">{serves || "—"}</td>
      <td data-label="状态">{channel.enabled ? "启用" : "已停用"}</td>
      <td className="row-actions">
        <button type="button" className="btn small" disabled={busy} onClick={onEdit}>
          编辑
        </button>
        <button
          type="button"
          className="btn small"
          disabled={busy}
          onClick={() => run(() => api.channels.update(channel.id, { enabled: !channel.enabled }))}
        >
          {channel.enabled ? "停用" : "启用"}
        </button>
        <button
          type="button"
          className="btn small danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`删除渠道「${channel.name}」？其未送出的通知将标为未送达。`))
              run(() => api.channels.remove(channel.id));
          }}
        >
          删除
        </button>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
