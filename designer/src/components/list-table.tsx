/**
 * A loaded list as a table that turns into cards on a phone: loading, error with retry and
 * the empty state handled the same way on every list page.
 *
 * ```tsx
 * <ListTable list={villages} rows={(d) => d.items} rowKey={(v) => v.code}
 *   empty="没有符合条件的村(社区)"
 *   columns={[{ label: "名称", cell: (v) => v.name }, { label: "编码", cell: (v) => v.code, mono: true }]} />
 * ```
 */
import type { ReactNode } from "react";
import { EmptyState, ErrorBox, Loading } from "./status-views.js";
import type { AsyncState } from "./use-async.js";

export interface ListColumn<Row> {
  label: string;
  /** The label a phone shows beside the value, when shorter than `label`. */
  phoneLabel?: string;
  cell(row: Row): ReactNode;
  mono?: boolean;
}

export function ListTable<Data, Row>(props: {
  list: AsyncState<Data>;
  rows(data: Data): Row[];
  rowKey(row: Row): string;
  columns: ListColumn<Row>[];
  empty: string;
}) {
  const { list, columns } = props;
  const rows = list.data === undefined ? [] : props.rows(list.data);
  if (list.error) return <ErrorBox error={list.error} onRetry={list.reload} />;
  if (list.loading && list.data === undefined) return <Loading />;
  if (rows.length === 0) return <EmptyState title={props.empty} />;
  return (
    <div className="table-wrap">
      <table className="table cards-on-phone">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {columns.map((c) => (
                <td
                  key={c.label}
                  data-label={c.phoneLabel ?? c.label}
                  className={c.mono ? "mono" : undefined}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
