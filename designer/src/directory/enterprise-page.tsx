/** /enterprises/:id: 一企一档 — the record, its daily/weekly inspection switches, its open hazards, escalations and accidents, and its history. */
import { Link, useParams } from "react-router";
import { api } from "../api/client.js";
import type { Enterprise, EnterpriseCase } from "../api/types.js";
import { formatDate, formatListTime } from "../components/format.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { noNames, personName } from "../components/history-words.js";
import {
  DIRECTORY_ACTION_LABELS,
  ENTERPRISE_FIELD_LABELS,
  ENTERPRISE_STATUS_LABELS,
} from "./enterprise-labels.js";
import { InspectionSwitches } from "./inspection-switches.js";

const contact = (c: Enterprise["principal"]) =>
  c ? [c.name, c.mobile].filter(Boolean).join(" · ") : "—";

export function EnterprisePage() {
  const { id = "" } = useParams();
  const record = useAsync(() => api.directory.enterprise(id), [id]);
  const cases = useAsync(() => api.directory.cases(id), [id]);
  const history = useAsync(() => api.directory.history(id), [id]);
  if (record.error) return <ErrorBox error={record.error} onRetry={record.reload} />;
  if (!record.data) return <Loading />;
  const e = record.data;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{e.name}</h1>
        <span className={e.highRisk ? "tag danger" : "tag"}>
          {e.highRisk ? "高危行业" : e.industry}
        </span>
      </div>
      <section className="panel" aria-label="企业档案">
        <dl className="facts">
          <Fact name="统一社会信用代码" value={e.creditCode} />
          <Fact name="行业" value={e.industry} />
          <Fact name="村(社区)" value={e.villageName} />
          <Fact name="地址" value={e.address ?? "—"} />
          <Fact name="规模" value={e.scale ?? "—"} />
          <Fact name="经营状态" value={ENTERPRISE_STATUS_LABELS[e.status]} />
          <Fact name="主要负责人" value={contact(e.principal)} />
          <Fact name="实际控制人" value={contact(e.controller)} />
          <Fact name="安全管理人员" value={contact(e.safetyManager)} />
        </dl>
      </section>
      <InspectionSwitches enterpriseId={e.id} />
      {cases.error ? <ErrorBox error={cases.error} onRetry={cases.reload} /> : null}
      <CaseList title="在办隐患" items={cases.data?.hazards} />
      <CaseList title="督办升级" items={cases.data?.escalations} />
      <CaseList title="事故" items={cases.data?.accidents} />
      <section className="panel" aria-label="变更记录">
        <h2>变更记录</h2>
        <ul className="plain-list">
          {(history.data?.items ?? []).map((h, index) => (
            <li key={index}>
              <span className="muted">{formatListTime(h.at)}</span>{" "}
              {h.actorName ?? personName(h.actor, noNames)} {describeChange(h.action, h.changes)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** 建档, or 修改：规模、地址 — the fields by their names. */
function describeChange(action: string, changes: Record<string, unknown>): string {
  const verb = DIRECTORY_ACTION_LABELS[action] ?? "修改";
  if (action !== "update") return verb;
  const fields = Object.keys(changes).map((f) => ENTERPRISE_FIELD_LABELS[f] ?? f);
  return fields.length > 0 ? `${verb}：${fields.join("、")}` : verb;
}

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function CaseList({ title, items }: { title: string; items: EnterpriseCase[] | undefined }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>
        {title}（{items?.length ?? "…"}）
      </h2>
      {items && items.length === 0 ? <p className="muted">无</p> : null}
      <ul className="plain-list">
        {(items ?? []).map((i) => (
          <li key={i.id}>
            <Link to={`/instances/${i.id}`}>{i.title ?? i.businessKey ?? i.id.slice(0, 8)}</Link>{" "}
            <span className="muted">{i.activeStates.map((s) => s.label).join("、")}</span>
            {i.rectifyDeadline && (
              <span className={i.overdue ? "danger" : "muted"} data-testid="case-deadline">
                {" "}
                · 整改期限 {formatDate(i.rectifyDeadline)}
                {i.overdue ? "（已超期）" : ""}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
