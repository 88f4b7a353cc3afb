/** The case list's filters: process, state, status, overdue, village, enterprise and a search box. */
import { useEffect, useRef, useState } from "react";
import { api } from "../api/client.js";
import type { DefinitionSummary } from "../api/types.js";
import { useAsync } from "../components/use-async.js";
import { ProcessFilter } from "../components/process-filter.js";
import { ReferenceField } from "../forms/reference-field.js";
import { walkStates } from "../../../engine/definition/walk-states.js";
import type { CaseFilters } from "./case-list-query.js";

export type FilterName =
  "process" | "status" | "state" | "overdue" | "village" | "enterprise" | "q";

export function CaseFilterBar(props: {
  filters: CaseFilters;
  definitions: DefinitionSummary[];
  onChange(name: FilterName, value: string): void;
}) {
  const { filters, onChange } = props;
  const states = useAsync(
    () => (filters.process ? api.definitions.get(filters.process) : Promise.resolve(null)),
    [filters.process],
  );
  const stateOptions = states.data
    ? walkStates(states.data.definition).filter((s) => s.node.label)
    : [];
  return (
    <div className="filters case-filters">
      <SearchBox value={filters.q} onSearch={(q) => onChange("q", q)} />
      <ProcessFilter
        value={filters.process}
        definitions={props.definitions}
        onChange={(key) => onChange("process", key)}
      />
      {filters.process && (
        <label>
          <span>环节</span>
          <select value={filters.state} onChange={(e) => onChange("state", e.target.value)}>
            <option value="">全部环节</option>
            {stateOptions.map((s) => (
              <option key={s.key} value={s.key}>
                {s.node.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>状态</span>
        <select value={filters.status} onChange={(e) => onChange("status", e.target.value)}>
          <option value="running">进行中</option>
          <option value="completed">已完成</option>
          <option value="terminated">已终止</option>
          <option value="">全部</option>
        </select>
      </label>
      <label className="reference-filter">
        <span>村(社区)</span>
        <ReferenceField
          id="filter-village"
          kind="village"
          value={filters.village}
          onChange={(v) => onChange("village", v ?? "")}
        />
      </label>
      <label className="reference-filter">
        <span>企业</span>
        <ReferenceField
          id="filter-enterprise"
          kind="enterprise"
          value={filters.enterprise}
          onChange={(v) => onChange("enterprise", v ?? "")}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filters.overdue}
          onChange={(e) => onChange("overdue", e.target.checked ? "true" : "")}
        />
        只看超期
      </label>
    </div>
  );
}

/** Searches on Enter or after a pause, not at every keystroke. */
function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [text, setText] = useState(value);
  const search = useRef(onSearch);
  search.current = onSearch;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => search.current(text), 400);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <label className="case-search">
      <span>搜索</span>
      <input
        type="search"
        value={text}
        placeholder="隐患名称、企业名称或编号"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") onSearch(text);
        }}
      />
    </label>
  );
}
