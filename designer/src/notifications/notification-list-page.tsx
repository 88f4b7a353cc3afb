/**
 * /notifications: the user's messages, newest first, filtered by unread, process and date
 * (kept in the address bar); each opens its case and is marked read; 全部已读.
 */
import { useEffect, useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { Notification } from "../api/types.js";
import { useLiveTick } from "../components/live-updates.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { useUrlParams } from "../components/use-url-params.js";
import { NotificationFilters, type NotificationFilterName } from "./notification-filters.js";
import { NotificationItem } from "./notification-item.js";

const PAGE = 30;

export function NotificationListPage() {
  const tick = useLiveTick();
  const [params, setParams] = useUrlParams();
  const filters = {
    unread: params.get("unread") === "true",
    process: params.get("process") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
  const query = {
    unread: filters.unread || undefined,
    processKey: filters.process || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
  const definitions = useAsync(() => api.definitions.list(), []);
  const page = useAsync(
    () => api.notifications.list({ ...query, limit: PAGE }),
    [params.toString(), tick],
  );
  const [more, setMore] = useState<{ items: Notification[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  useEffect(() => setMore({ items: [], cursor: null }), [page.data]);
  const [message, setMessage] = useState<string | null>(null);

  const setFilter = (name: NotificationFilterName, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  const markAll = () => {
    setMessage(null);
    api.notifications
      .markAllRead()
      .then(({ marked }) => {
        setMessage(marked > 0 ? `已将 ${marked} 条通知标为已读` : "没有未读通知");
        page.reload();
      })
      .catch((error: unknown) => setMessage(describeError(error)));
  };
  const loadMore = (cursor: string) =>
    api.notifications
      .list({ ...query, limit: PAGE, cursor })
      .then((next) =>
        setMore((m) => ({ items: [...m.items, ...next.items], cursor: next.nextCursor })),
      )
      .catch((error: unknown) => setMessage(describeError(error)));

  const names = new Map((definitions.data ?? []).map((d) => [d.key, d.name]));
  const items = [...(page.data?.items ?? []), ...more.items];
  const cursor = more.items.length > 0 ? more.cursor : (page.data?.nextCursor ?? null);
  const filtered = Boolean(filters.unread || filters.process || filters.from || filters.to);
  const unread = page.data?.unread ?? 0;
  return (
    <div className="page notification-page">
      <div className="page-head">
        <h1>
          通知{" "}
          <small className="muted" data-testid="unread-summary">
            {unread > 0 ? `${unread} 条未读` : "全部已读"}
          </small>
        </h1>
        <button type="button" className="btn small" disabled={unread === 0} onClick={markAll}>
          全部已读
        </button>
      </div>
      <NotificationFilters
        filters={filters}
        definitions={definitions.data ?? []}
        onChange={setFilter}
      />
      {message && (
        <p className="notice ok" role="status">
          {message}
        </p>
      )}
      {page.error ? (
        <ErrorBox error={page.error} onRetry={page.reload} />
      ) : !page.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? "没有符合条件的通知" : "暂无通知"}>
          <p className="muted">
            {filtered ? "换个筛选条件试试。" : "案件需要您知道或处理时，通知会显示在这里。"}
          </p>
        </EmptyState>
      ) : (
        <ul className="notification-list" aria-label="通知列表">
          {items.map((item) => (
            <NotificationItem
              key={item.id}
              item={item}
              processName={item.processKey ? (names.get(item.processKey) ?? null) : null}
            />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn ghost load-more" onClick={() => void loadMore(cursor)}>
          加载更多
        </button>
      )}
    </div>
  );
}
