/**
 * /instances: the cases this user may see, newest first, filtered by the URL
 * (case-list-query.ts) so that a dashboard number opens its cases; overdue ones in red;
 * cards on a phone.
 */
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.js";
import { activeLabels } from "../api/types.js";
import type { Instance } from "../api/types.js";
import { formatListTime, statusLabels } from "../components/format.js";
import { useLiveTick } from "../components/live-updates.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { useUrlParams } from "../components/use-url-params.js";
import { CaseFilterBar, type FilterName } from "./case-filter-bar.js";
import { caseFilters, caseListQuery, withFilter } from "./case-list-query.js";

export function InstanceListPage() {
  const tick = useLiveTick();
  const [params, setParams] = useUrlParams();
  const query = caseListQuery(params);
  const queryKey = JSON.stringify(query);
  const [extra, setExtra] = useState<{ items: Instance[]; cursor: string | null } | null>(null);
  const definitions = useAsync(() => api.definitions.list(), []);
  const list = useAsync(() => {
    setExtra(null);
    return api.instances.list({ ...query, limit: 50 });
  }, [queryKey, tick]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : (list.data?.nextCursor ?? null);
  const names = new Map((definitions.data ?? []).map((d) => [d.key, d.name]));
  // From the newest params, not this render's: a picker that answers late must not undo a
  // newer change.
  const change = (name: FilterName, value: string) =>
    setParams((current) => withFilter(current, name, value));

  return (
    <div className="page">
      <div className="page-head">
        <h1>案件</h1>
      </div>
      <CaseFilterBar
        filters={caseFilters(params)}
        definitions={definitions.data ?? []}
        onChange={change}
      />
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="没有符合条件的案件" />
      ) : (
        <CaseTable items={items} processNames={names} />
      )}
      {cursor && (
        <button
          type="button"
          className="btn block"
          onClick={() =>
            void api.instances.list({ ...query, cursor, limit: 50 }).then((page) =>
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

const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/** The enterprise and village a case concerns, as named in the directory today. */
function partiesOf(i: Instance) {
  const named = (kind: string) => i.references?.find((r) => r.kind === kind)?.name ?? null;
  return {
    enterprise: named("enterprise") ?? text(i.vars.enterpriseName) ?? "—",
    village: named("village") ?? text(i.vars.villageName) ?? text(i.vars.village) ?? "—",
  };
}

function CaseTable({
  items,
  processNames,
}: {
  items: Instance[];
  processNames: Map<string, string>;
}) {
  return (
    <div className="table-wrap">
      <table className="table cards-on-phone case-table">
        <thead>
          <tr>
            <th>案件</th>
            <th>企业</th>
            <th>村(社区)</th>
            <th>流程</th>
            <th>当前环节</th>
            <th>状态</th>
            <th>更新时间</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const overdue = i.status === "running" && i.vars.overdue === true;
            const { enterprise, village } = partiesOf(i);
            return (
              <tr key={i.id} className={overdue ? "case-row overdue" : "case-row"}>
                <td className="card-title" data-label="案件">
                  <Link to={`/instances/${i.id}`}>{i.title ?? i.businessKey ?? "（无标题）"}</Link>
                  {i.businessKey && i.title && (
                    <span className="muted small case-number">{i.businessKey}</span>
                  )}
                </td>
                <td data-label="企业">{enterprise}</td>
                <td data-label="村(社区)">{village}</td>
                <td data-label="流程">{processNames.get(i.processKey) ?? i.processKey}</td>
                <td data-label="当前环节">{activeLabels(i)}</td>
                <td data-label="状态">
                  {overdue ? (
                    <span className="overdue-tag">超期</span>
                  ) : (
                    (statusLabels[i.status] ?? i.status)
                  )}
                </td>
                <td data-label="更新时间">{formatListTime(i.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
