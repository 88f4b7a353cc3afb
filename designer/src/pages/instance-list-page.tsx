/** /instances: the cases this user may see, newest first. */
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.js";
import { activeLabels } from "../api/types.js";
import type { Instance } from "../api/types.js";
import { formatListTime, statusLabels } from "../components/format.js";
import { useLiveTick } from "../components/live-updates.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";

export function InstanceListPage() {
  const tick = useLiveTick();
  const [params, setParams] = useSearchParams();
  const processKey = params.get("process") ?? "";
  const status = params.get("status") ?? "running";
  const [extra, setExtra] = useState<{ items: Instance[]; cursor: string | null } | null>(null);
  const definitions = useAsync(() => api.definitions.list(), []);
  const list = useAsync(() => {
    setExtra(null);
    return api.instances.list({
      processKey: processKey || undefined,
      status: status || undefined,
      limit: 50,
    });
  }, [processKey, status, tick]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (list.data?.nextCursor ?? null);
  const names = new Map((definitions.data ?? []).map((d) => [d.key, d.name]));
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>案件</h1>
      </div>
      <div className="filters">
        <label>
          <span>流程</span>
          <select value={processKey} onChange={(e) => set("process", e.target.value)}>
            <option value="">全部流程</option>
            {(definitions.data ?? []).map((d) => (
              <option key={d.key} value={d.key}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>状态</span>
          <select value={status} onChange={(e) => set("status", e.target.value)}>
            <option value="running">进行中</option>
            <option value="completed">已完成</option>
            <option value="terminated">已终止</option>
            <option value="">全部</option>
          </select>
        </label>
      </div>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="没有符合条件的案件" />
      ) : (
        <div className="table-wrap">
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>案件</th>
                <th>流程</th>
                <th>当前环节</th>
                <th>状态</th>
                <th>更新时间</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} className="case-row">
                  <td className="card-title" data-label="案件">
                    <Link to={`/instances/${i.id}`}>
                      {i.title ?? i.businessKey ?? i.id.slice(0, 8)}
                    </Link>
                  </td>
                  <td data-label="流程">{names.get(i.processKey) ?? i.processKey}</td>
                  <td data-label="当前环节">{activeLabels(i)}</td>
                  <td data-label="状态">{statusLabels[i.status] ?? i.status}</td>
                  <td data-label="更新时间">{formatListTime(i.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button
          type="button"
          className="btn block"
          onClick={() =>
            void api.instances
              .list({
                processKey: processKey || undefined,
                status: status || undefined,
                cursor,
                limit: 50,
              })
              .then((page) =>
                setExtra({
                  items: [...(extra?.items ?? []), ...page.items],
                  cursor: page.nextCursor,
                }),
              )
          }
        >
          加载更多
        </button>
      )}
    </div>
  );
}
