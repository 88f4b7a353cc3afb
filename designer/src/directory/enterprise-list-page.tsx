/** /enterprises: the directory's enterprises the user may read, with search and filters. */
import { Link } from "react-router";
import { api } from "../api/client.js";
import { ListTable } from "../components/list-table.js";
import { useAsync } from "../components/use-async.js";
import { useUrlParams } from "../components/use-url-params.js";
import { ENTERPRISE_STATUS_LABELS } from "./enterprise-labels.js";

export function EnterpriseListPage() {
  const [params, setParams] = useUrlParams();
  const q = params.get("q") ?? "";
  const village = params.get("village") ?? "";
  const industry = params.get("industry") ?? "";
  const highRisk = params.get("highRisk") === "true";
  const villages = useAsync(() => api.directory.villages({ limit: 200 }), []);
  const industries = useAsync(() => api.directory.industries(), []);
  const list = useAsync(
    () =>
      api.directory.enterprises({
        q: q || undefined,
        village: village || undefined,
        industry: industry || undefined,
        highRisk: highRisk || undefined,
        limit: 200,
      }),
    [q, village, industry, highRisk],
  );
  const set = (name: string, value: string) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>企业名录</h1>
        <Link to="/villages">村(社区)</Link>
      </div>
      <div className="filters">
        <label>
          <span>查找</span>
          <input
            type="search"
            value={q}
            placeholder="名称、信用代码或拼音首字母"
            onChange={(e) => set("q", e.target.value)}
          />
        </label>
        <label>
          <span>村(社区)</span>
          <select value={village} onChange={(e) => set("village", e.target.value)}>
            <option value="">全部</option>
            {(villages.data?.items ?? []).map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>行业</span>
          <select value={industry} onChange={(e) => set("industry", e.target.value)}>
            <option value="">全部</option>
            {(industries.data?.items ?? []).map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={highRisk}
            onChange={(e) => set("highRisk", e.target.checked ? "true" : "")}
          />
          <span>只看高危行业</span>
        </label>
      </div>
      <ListTable
        list={list}
        rows={(d) => d.items}
        rowKey={(e) => e.id}
        empty="没有符合条件的企业"
        columns={[
          {
            label: "企业名称",
            cell: (e) => <Link to={`/enterprises/${encodeURIComponent(e.id)}`}>{e.name}</Link>,
          },
          {
            label: "统一社会信用代码",
            phoneLabel: "信用代码",
            cell: (e) => e.creditCode,
            mono: true,
          },
          { label: "村(社区)", cell: (e) => e.villageName },
          { label: "行业", cell: (e) => e.industry },
          { label: "高危", cell: (e) => (e.highRisk ? "是" : "否") },
          { label: "状态", cell: (e) => ENTERPRISE_STATUS_LABELS[e.status] },
        ]}
      />
    </div>
  );
}
