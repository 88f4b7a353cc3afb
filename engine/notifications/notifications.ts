/**
 * `engine.notifications`: each user's message centre, the channels admins configure,
 * what became of each delivery, and sending what is due (the worker does it on its own;
 * embedders who only call `runDueJobs` call `runDue` too).
 *
 * @example
 * ```ts
 * const { items, unread } = await engine.notifications.inbox.list("li", { unread: true });
 * await engine.notifications.inbox.markRead("li", items[0].id);
 * await engine.notifications.channels.create({ name: "应急办群", type: "wecom", url, groups: ["safety-office"] });
 * const dead = await engine.notifications.deliveries.list({ status: "dead" });
 * ```
 */
import type { EngineContext } from "../service/context.js";
import { createChannelStore, type ChannelStore } from "./channel-store.js";
import { createDeliveryLog, type DeliveryLog } from "./delivery-log.js";
import { createMessageCentre, type MessageCentre } from "./message-centre.js";
import { runDueDeliveries } from "./run-due-deliveries.js";

export interface Notifications {
  readonly inbox: MessageCentre;
  readonly channels: ChannelStore;
  readonly deliveries: DeliveryLog;
  /** The channel types senders are registered for. */
  channelTypes(): string[];
  /** Sends the deliveries due now (one round); returns how many sends were made. */
  runDue(): Promise<number>;
}

export function createNotifications(ctx: EngineContext): Notifications {
  return {
    inbox: createMessageCentre(ctx),
    channels: createChannelStore(ctx),
    deliveries: createDeliveryLog(ctx),
    channelTypes: () => [...ctx.notifications.senders.keys()],
    runDue: () => runDueDeliveries(ctx),
  };
}
