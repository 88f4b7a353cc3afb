/**
 * Adds or edits a channel. The URL and the secret are write-only: an edit shows the URL's
 * hint and 已设置 for a secret, and leaves either unchanged when its box is left empty.
 * The server's field problems show at their fields.
 */
import { useState, type FormEvent } from "react";
import { describeError } from "../../api/api-error.js";
import { api } from "../../api/client.js";
import type { Channel, ChannelInput } from "../../api/types.js";
import { ChannelField } from "./channel-field.js";
import { channelTypeLabel, fieldProblems, urlHints } from "./channel-words.js";

const list = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);

export function ChannelForm({
  channel,
  types,
  onSaved,
  onCancel,
}: {
  channel: Channel | null;
  types: string[];
  onSaved(channel: Channel): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(channel?.name ?? "");
  const [type, setType] = useState(channel?.type ?? types[0] ?? "webhook");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [clearSecret, setClearSecret] = useState(false);
  const [groups, setGroups] = useState(channel?.groups.join(" ") ?? "");
  const [users, setUsers] = useState(channel?.users.join(" ") ?? "");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Partial<ChannelInput> = { name, type, groups: list(groups), users: list(users) };
    if (type === "sms") input.url = null;
    else if (url.trim() || !channel) input.url = url.trim();
    if (secret) input.secret = secret;
    else if (clearSecret) input.secret = null;
    setBusy(true);
    setError(null);
    setProblems({});
    (channel ? api.channels.update(channel.id, input) : api.channels.create(input as ChannelInput))
      .then(onSaved)
      .catch((reason: unknown) => {
        const byField = fieldProblems(reason);
        setProblems(byField);
        setError(Object.keys(byField).length > 0 ? "请更正标出的内容" : describeError(reason));
      })
      .finally(() => setBusy(false));
  };
  const hasSecret = Boolean(channel?.hasSecret) && !clearSecret;
  return (
    <form className="panel channel-form" onSubmit={submit} noValidate>
      <h2>{channel ? `编辑渠道：${channel.name}` : "添加渠道"}</h2>
      <ChannelField id="channel-name" label="名称" problem={problems.name}>
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      </ChannelField>
      <ChannelField id="channel-type" label="类型" problem={problems.type}>
        <select value={type} onChange={(e) => setType(e.target.value)}>
          {types.map((t) => (
            <option key={t} value={t}>
              {channelTypeLabel(t)}
            </option>
          ))}
        </select>
      </ChannelField>
      {type !== "sms" && (
        <ChannelField
          id="channel-url"
          label="地址"
          problem={problems.url}
          hint={channel?.urlHint ? `已设置：${channel.urlHint}…（留空不变）` : urlHints[type]}
        >
          <input type="url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} />
        </ChannelField>
      )}
      {type !== "sms" && (
        <ChannelField
          id="channel-secret"
          label="密钥"
          problem={problems.secret}
          hint={
            hasSecret
              ? "已设置（不显示；留空不变）"
              : type === "dingtalk"
                ? "加签密钥 SEC…（可不填）"
                : "用于签名（可不填）"
          }
        >
          <input
            type="password"
            autoComplete="new-password"
            value={secret}
            maxLength={500}
            onChange={(e) => setSecret(e.target.value)}
          />
        </ChannelField>
      )}
      {channel?.hasSecret && !secret && (
        <label className="field check">
          <input
            type="checkbox"
            checked={clearSecret}
            onChange={(e) => setClearSecret(e.target.checked)}
          />
          清除已设置的密钥
        </label>
      )}
      <ChannelField
        id="channel-groups"
        label="服务的用户组"
        problem={problems.groups}
        hint="组标识，空格分隔，如 safety-office village-tf01"
      >
        <input value={groups} onChange={(e) => setGroups(e.target.value)} />
      </ChannelField>
      <ChannelField
        id="channel-users"
        label="服务的用户"
        problem={problems.users}
        hint="用户名，空格分隔（可不填）"
      >
        <input value={users} onChange={(e) => setUsers(e.target.value)} />
      </ChannelField>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          保存
        </button>
        <button type="button" className="btn ghost" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
