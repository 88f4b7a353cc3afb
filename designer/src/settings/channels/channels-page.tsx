/**
 * /settings/channels (process-admin): where notifications go besides the message centre
 * (渠道), and what could not be delivered (未送达), one tab each; the tab is in the address.
 */
import { useSession } from "../../auth/session.js";
import { EmptyState } from "../../components/status-views.js";
import { useUrlParams } from "../../components/use-url-params.js";
import { ChannelList } from "./channel-list.js";
import { DeadDeliveries } from "./dead-deliveries.js";

const tabs = [
  { key: "channels", label: "渠道" },
  { key: "dead", label: "未送达" },
] as const;

export function ChannelsPage() {
  const { hasGroup } = useSession();
  const [params, setParams] = useUrlParams();
  const tab = params.get("tab") === "dead" ? "dead" : "channels";
  if (!hasGroup("process-admin"))
    return (
      <div className="page">
        <EmptyState title="没有权限">
          <p className="muted">通知渠道由流程管理员设置。</p>
        </EmptyState>
      </div>
    );
  return (
    <div className="page channels-page">
      <h1>通知渠道</h1>
      <p className="muted">
        站内通知总是送达。这里设置同时发往企业微信、钉钉群机器人、Webhook
        或短信的渠道；地址和密钥加密保存，只写不显示。
      </p>
      <div className="tabs page-tabs" role="tablist" aria-label="通知渠道">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            className={tab === t.key ? "tab active" : "tab"}
            onClick={() => setParams(t.key === "channels" ? {} : { tab: t.key })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="page-tab-body" role="tabpanel">
        {tab === "channels" ? <ChannelList /> : <DeadDeliveries />}
      </div>
    </div>
  );
}
