/**
 * The channel form's secret: write-only. A stored secret shows as 已设置 and is kept when
 * the box is left empty; 清除已设置的密钥 removes it.
 */
import { ChannelField } from "./channel-field.js";

export function ChannelSecretField({
  type,
  stored,
  value,
  clear,
  problem,
  onChange,
  onClear,
}: {
  type: string;
  /** Whether the channel has a secret stored. */
  stored: boolean;
  value: string;
  clear: boolean;
  problem?: string;
  onChange(value: string): void;
  onClear(clear: boolean): void;
}) {
  const hint =
    stored && !clear
      ? "已设置（不显示；留空不变）"
      : type === "dingtalk"
        ? "加签密钥 SEC…（未开启加签可不填）"
        : "签名密钥，接收方据此验证 X-Zhiben-Signature（可不填）";
  return (
    <>
      <ChannelField id="channel-secret" label="密钥" problem={problem} hint={hint}>
        <input
          type="password"
          autoComplete="new-password"
          value={value}
          maxLength={500}
          onChange={(e) => onChange(e.target.value)}
        />
      </ChannelField>
      {stored && !value && (
        <label className="field check">
          <input type="checkbox" checked={clear} onChange={(e) => onClear(e.target.checked)} />
          清除已设置的密钥
        </label>
      )}
    </>
  );
}
