/**
 * The signed-in user's unread notifications, read again whenever the event stream says
 * something changed (`notifications.changed` among them), so the bell needs no reload.
 *
 * @example
 * ```ts
 * const unread = useUnreadCount(); // null until the first answer
 * ```
 */
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import { useLiveTick } from "../components/live-updates.js";

export function useUnreadCount(): number | null {
  const tick = useLiveTick();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    api.notifications
      .list({ limit: 1 })
      .then((page) => current && setUnread(page.unread))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [tick]);
  return unread;
}
