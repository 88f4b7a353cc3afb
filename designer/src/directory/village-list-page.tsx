/** /villages: the villages and communities, with how many enterprises each has. */
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.js";
import { ListTable } from "../components/list-table.js";
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
      <ListTable
        list={list}
        rows={(d) => d.items}
        rowKey={(v) => v.code}
        empty="没有符合条件的村(社区)"
        columns={[
          {
            label: "名称",
            cell: (v) => (
              <Link to={`/enterprises?village=${encodeURIComponent(v.code)}`}>{v.name}</Link>
            ),
          },
          { label: "编码", cell: (v) => v.code, mono: true },
          { label: "企业数", cell: (v) => v.enterprises },
          { label: "网格员组", cell: (v) => v.group, mono: true },
        ]}
      />
    </div>
  );
}
