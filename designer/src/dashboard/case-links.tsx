/**
 * Dashboard numbers as links to the case list filtered to exactly the cases counted
 * (`/instances?process=…&state=…&overdue=true&village=…`, see pages/case-list-query.ts).
 *
 * @example
 * ```tsx
 * <CountLink value={3} filter={{ process: "hazard-closure", overdue: "true" }} />
 * ```
 */
import { Link } from "react-router";

/** Case-list URL parameters: process, status, state, overdue, village, enterprise, var.<name>. */
export type CaseFilter = Record<string, string>;

export function casesHref(filter: CaseFilter): string {
  return `/instances?${new URLSearchParams(filter).toString()}`;
}

/** What a row of a table counts, added to the filter of each of its numbers; null: not filterable. */
export function rowFilter(groupBy: string, key: string | null): CaseFilter | null {
  if (key === null) return null;
  if (groupBy === "status" || groupBy === "stage") return { state: key };
  if (groupBy === "village") return { village: key };
  if (groupBy === "outcome") return { "var.result": key };
  return { [`var.${groupBy}`]: key };
}

export function CountLink({
  value,
  filter,
  label,
}: {
  value: number;
  /** null: the cases cannot be listed by a filter; the number shows alone. */
  filter: CaseFilter | null;
  /** Names the link for screen readers and tests (`铁峰村 超期 1`). */
  label?: string;
}) {
  if (!filter) return <>{value}</>;
  return (
    <Link to={casesHref(filter)} aria-label={label} className="count-link">
      {value}
    </Link>
  );
}
