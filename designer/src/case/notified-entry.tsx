/**
 * A `notified` history entry's details: the message, whom it told, and each delivery's
 * status (已读 / 已送达 / 发送中 / 失败) from `GET /api/instances/{id}/deliveries`.
 */
import type { Delivery, HistoryEntry } from "../api/types.js";
import { channelTypeLabel } from "../settings/channels/channel-words.js";

const statusWords: Record<Delivery["status"], string> = {
  sent: "已送达",
  pending: "发送中",
  sending: "发送中",
  dead: "失败",
};

/** What became of one delivery, in words. */
export function deliveryStatus(delivery: Delivery): { text: string; tone: string } {
  if (delivery.readAt) return { text: "已读", tone: "ok" };
  const tone = delivery.status === "sent" ? "ok" : delivery.status === "dead" ? "danger" : "warn";
  return { text: statusWords[delivery.status], tone };
}

export function NotifiedEntry({
  entry,
  deliveries,
}: {
  entry: HistoryEntry;
  deliveries: Delivery[];
}) {
  const data = entry.data ?? {};
  const id = typeof data.notification === "string" ? data.notification : null;
  // In-app first, then by channel and names.
  const mine = (id ? deliveries.filter((d) => d.notificationId === id) : [])
    .map((delivery) => ({ delivery, label: channelLabel(delivery) }))
    .sort(
      (a, b) =>
        Number(a.delivery.channelType !== "in-app") - Number(b.delivery.channelType !== "in-app") ||
        a.label.localeCompare(b.label, "zh-CN"),
    );
  const message = typeof data.message === "string" ? data.message : null;
  return (
    <div className="notified-entry">
      {message && <div className="notified-message">{message.split("\n")[0]}</div>}
      {mine.length > 0 ? (
        <ul className="delivery-statuses" aria-label="送达情况">
          {mine.map(({ delivery, label }) => {
            const status = deliveryStatus(delivery);
            return (
              <li key={delivery.id}>
                <span>{label}</span>{" "}
                <span className={`delivery-status tone-${status.tone}`}>{status.text}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <div className="timeline-move">通知：{recipientNames(data.recipients) || "无接收人"}</div>
      )}
    </div>
  );
}

/** `站内：李明`, `红达安全群：黄志强、黄建国`. */
function channelLabel(delivery: Delivery): string {
  const channel =
    delivery.channelType === "in-app"
      ? "站内"
      : (delivery.channelName ?? channelTypeLabel(delivery.channelType));
  return `${channel}：${delivery.recipients.map((r) => r.name).join("、")}`;
}

function recipientNames(value: unknown): string {
  if (!Array.isArray(value)) return "";
  return value
    .map((r) => (r && typeof r === "object" ? (r as { name?: unknown }).name : null))
    .filter((name): name is string => typeof name === "string")
    .join("、");
}
