/** The shipped senders by channel type; an application adds its own by type (`notifications.senders`). */
import type { ChannelSender } from "../channel-sender.js";
import { dingtalkSender } from "./dingtalk-sender.js";
import { smsSender } from "./sms-sender.js";
import { webhookSender } from "./webhook-sender.js";
import { wecomSender } from "./wecom-sender.js";

/** One delivery serves all a channel's recipients (a group chat, a system), except SMS: one per mobile. */
export const isGroupChannel = (type: string) => type !== "sms";

export function channelSenders(
  extra: Record<string, ChannelSender> = {},
): Map<string, ChannelSender> {
  return new Map<string, ChannelSender>([
    ["webhook", webhookSender],
    ["wecom", wecomSender],
    ["dingtalk", dingtalkSender],
    ["sms", smsSender],
    ...Object.entries(extra),
  ]);
}
