/**
 * Reloads a case while one of its notifications is being sent or is due within minutes:
 * a delivery's 发送中 → 已送达 / 失败 comes with no stream event, so the page asks again
 * every few seconds until none is on its way (a digest due tomorrow does not count).
 *
 * @example
 * ```ts
 * useDeliveryRefresh(state.data?.deliveries, state.reload);
 * ```
 */
import { useEffect } from "react";
import type { Delivery } from "../api/types.js";

const EVERY_MS = 5_000;
const SOON_MS = 5 * 60_000;

export function useDeliveryRefresh(deliveries: Delivery[] | undefined, reload: () => void): void {
  const soon = Date.now() + SOON_MS;
  const onItsWay = (deliveries ?? []).some(
    (d) => (d.status === "pending" || d.status === "sending") && Date.parse(d.dueAt) <= soon,
  );
  useEffect(() => {
    if (!onItsWay) return;
    const timer = setInterval(reload, EVERY_MS);
    return () => clearInterval(timer);
  }, [onItsWay, reload]);
}
