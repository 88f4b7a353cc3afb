/** The message list's filters: only unread, one process, a date range (Beijing dates). */
import type { DefinitionSummary } from "../api/types.js";
import { ProcessFilter } from "../components/process-filter.js";

export interface NotificationFilterValues {
  unread: boolean;
  process: string;
  from: string;
  to: string;
}

export type NotificationFilterName = "unread" | "process" | "from" | "to";

export function NotificationFilters({
  filters,
  definitions,
  onChange,
}: {
  filters: NotificationFilterValues;
  definitions: DefinitionSummary[];
  onChange(name: NotificationFilterName, value: string): void;
}) {
  return (
    <div className="filters notification-filters">
      <label className="check">
        <input
          type="checkbox"
          checked={filters.unread}
          onChange={(e) => onChange("unread", e.target.checked ? "true" : "")}
        />
        只看未读
      </label>
      <ProcessFilter
        value={filters.process}
        definitions={definitions}
        onChange={(key) => onChange("process", key)}
      />
      <label>
        <span>从</span>
        <input
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => onChange("from", e.target.value)}
        />
      </label>
      <label>
        <span>到</span>
        <input
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => onChange("to", e.target.value)}
        />
      </label>
    </div>
  );
}
