/**
 * The enterprise page's 日常排查 section: whether its 班组日排查 and 部门周排查 run (its own
 * setting, else its industry's, else off), switched by a directory or process admin. The
 * monthly and the principal's inspections always run.
 */
import { useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { EnterpriseInspectionSetting } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { useAsync } from "../components/use-async.js";

type Which = "daily" | "weekly";

const NAMES: Record<Which, string> = { daily: "班组日排查", weekly: "部门周排查" };

const onOff = (on: boolean | null) => (on ? "开启" : "关闭");

export function InspectionSwitches({ enterpriseId }: { enterpriseId: string }) {
  const { hasGroup } = useSession();
  const canSwitch = hasGroup("directory-admin") || hasGroup("process-admin");
  const loaded = useAsync(() => api.directory.inspections(enterpriseId), [enterpriseId]);
  const [saved, setSaved] = useState<EnterpriseInspectionSetting | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setting = saved ?? loaded.data;
  if (loaded.error || !setting) return null;
  const change = async (which: Which, value: string) => {
    try {
      const on = value === "" ? null : value === "on";
      setSaved(await api.directory.setInspections(enterpriseId, { [which]: on }));
      setError(null);
    } catch (reason) {
      setError(describeError(reason));
    }
  };
  return (
    <section className="panel" aria-label="日常排查">
      <h2>日常排查</h2>
      <dl className="facts">
        {(["daily", "weekly"] as const).map((which) => (
          <div key={which}>
            <dt>{NAMES[which]}</dt>
            <dd data-testid={`inspection-${which}`}>
              {canSwitch ? (
                <select
                  aria-label={NAMES[which]}
                  value={setting.own[which] === null ? "" : setting.own[which] ? "on" : "off"}
                  onChange={(e) => void change(which, e.target.value)}
                >
                  <option value="">
                    按行业（{setting.industry.id}：{onOff(setting.industry[which])}）
                  </option>
                  <option value="on">本企业开启</option>
                  <option value="off">本企业关闭</option>
                </select>
              ) : null}{" "}
              <span className={setting.effective[which] ? "tag ok" : "tag"}>
                {setting.effective[which] ? "已开启" : "未开启"}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted small">厂长月排查和主要负责人带队检查不可关闭。</p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
