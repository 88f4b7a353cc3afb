/** The channels tab: every channel, 添加渠道, and the form to add or edit one. */
import { useState } from "react";
import { api } from "../../api/client.js";
import type { Channel } from "../../api/types.js";
import { EmptyState, ErrorBox, Loading } from "../../components/status-views.js";
import { useAsync } from "../../components/use-async.js";
import { ChannelForm } from "./channel-form.js";
import { ChannelRow } from "./channel-row.js";

export function ChannelList() {
  const channels = useAsync(() => api.channels.list(), []);
  /** null: no form; "new": adding; else the channel being edited. */
  const [editing, setEditing] = useState<Channel | "new" | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (channels.error) return <ErrorBox error={channels.error} onRetry={channels.reload} />;
  if (!channels.data) return <Loading />;
  const { items, types } = channels.data;
  return (
    <div className="channel-list">
      {saved && (
        <p className="notice ok" role="status">
          {saved}
        </p>
      )}
      {editing ? (
        <ChannelForm
          key={editing === "new" ? "new" : editing.id}
          channel={editing === "new" ? null : editing}
          types={types}
          onCancel={() => setEditing(null)}
          onSaved={(channel) => {
            setEditing(null);
            setSaved(`已保存渠道「${channel.name}」`);
            channels.reload();
          }}
        />
      ) : (
        <button
          type="button"
          className="btn primary"
          onClick={() => {
            setSaved(null);
            setEditing("new");
          }}
        >
          添加渠道
        </button>
      )}
      {items.length === 0 ? (
        <EmptyState title="还没有渠道">
          <p className="muted">
            站内通知总是送达；添加企业微信、钉钉群机器人、Webhook 或短信渠道，把通知也发到那里。
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone" aria-label="通知渠道">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">类型</th>
                <th scope="col">地址</th>
                <th scope="col">密钥</th>
                <th scope="col">服务对象</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  onEdit={() => {
                    setSaved(null);
                    setEditing(channel);
                  }}
                  onChanged={channels.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
