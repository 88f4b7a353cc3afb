/** /villages: the villages and communities, with how many enterprises each has. */
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";

export function VillageListPage() {
  const [q, setQ] = useState("");
  const list = useAsync(() => api.directory.villages({ q: q || undefined, limit: 200 }), [q]);
  return (
    <div className="page">
      <div className="page-head">
        <h1>村(社区)</h1>
      </div>
      <div className="filters">
        <label>
          <span>查找</span>
          <input
            type="search"
            value={q}
            placeholder="名称、编码或拼音首字母"
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
      </div>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : (list.data?.items ?? []).length === 0 ? (
        <EmptyState title="没有符合条件的村(社区)" />
      ) : (
        <div className="table-wrap">
          <table className="table cards-on-phone">
            <thead>
              <tr>
                <th>名称</th>
                <th>编码</th>
                <th>企业数</th>
                <th>网格员组</th>
              </tr>
            </thead>
            <tbody>
              {list.data!.items.map((v) => (
                <tr key={v.code}>
                  <td data-label="名称">
                    <Link to={`/enterprises?village=${encodeURIComponent(v.code)}`}>{v.name}</Link>
                  </td>
                  <td data-label="编码" className="mono">
                    {v.code}
                  </td>
                  <td data-label="企业数">{v.enterprises}</td>
                  <td data-label="网格员组" className="mono">
                    {v.group}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
