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
import { ChannelSecretField } from "./channel-secret-field.js";
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
  const [rate, setRate] = useState(channel ? String(channel.ratePerMinute) : "");
  const [attempts, setAttempts] = useState(channel ? String(channel.maxAttempts) : "");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Partial<ChannelInput> = { name, type, groups: list(groups), users: list(users) };
    if (type === "sms") input.url = null;
    else if (url.trim() || !channel) input.url = url.trim();
    if (rate.trim()) input.ratePerMinute = Number(rate);
    if (attempts.trim()) input.maxAttempts = Number(attempts);
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
      {(type === "webhook" || type === "dingtalk") && (
        <ChannelSecretField
          type={type}
          stored={Boolean(channel?.hasSecret)}
          value={secret}
          clear={clearSecret}
          problem={problems.secret}
          onChange={setSecret}
          onClear={setClearSecret}
        />
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
      <div className="field-pair">
        <ChannelField
          id="channel-ratePerMinute"
          label="每分钟最多发送"
          problem={problems.ratePerMinute}
          hint="留空按默认：群机器人 20 条，其余 60 条"
        >
          <input inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} />
        </ChannelField>
        <ChannelField
          id="channel-maxAttempts"
          label="最多尝试次数"
          problem={problems.maxAttempts}
          hint="仍失败即列入未送达；留空为 5 次"
        >
          <input
            inputMode="numeric"
            value={attempts}
            onChange={(e) => setAttempts(e.target.value)}
          />
        </ChannelField>
      </div>
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
