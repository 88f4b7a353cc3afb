/**
 * Decides a notification's deliveries from its recipients and the enabled channels:
 * one in-app delivery per person with an account; one SMS per person with a mobile
 * whom an SMS channel serves; one post per group channel (webhook, robots) serving any
 * recipient or addressed group, listing whom it tells. Pure: the caller writes the rows.
 */
import type { ResolvedRecipient } from "./recipient-resolvers.js";
import { isGroupChannel } from "./senders/channel-senders.js";

export interface ChannelRule {
  id: string;
  name: string;
  type: string;
  groups: string[];
  users: string[];
}

export interface PlannedDelivery {
  channelId: string | null;
  channelType: string;
  recipient: string | null;
  recipients: { id: string | null; name: string; via: string }[];
}

export const IN_APP = "in-app";

function serves(channel: ChannelRule, r: ResolvedRecipient): boolean {
  if (r.userId && channel.users.includes(r.userId)) return true;
  const addressed = r.via.startsWith("group:") ? r.via.slice("group:".length) : null;
  return channel.groups.some((g) => r.groups.includes(g) || g === addressed);
}

const listed = (r: ResolvedRecipient) => ({ id: r.userId, name: r.name, via: r.via });

export function planDeliveries(
  recipients: readonly ResolvedRecipient[],
  addressed: readonly string[],
  channels: readonly ChannelRule[],
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const r of recipients)
    if (r.userId)
      planned.push({
        channelId: null,
        channelType: IN_APP,
        recipient: r.userId,
        recipients: [listed(r)],
      });
  for (const channel of channels) {
    const served = recipients.filter((r) => serves(channel, r));
    if (isGroupChannel(channel.type)) {
      if (served.length > 0 || channel.groups.some((g) => addressed.includes(g)))
        planned.push({
          channelId: channel.id,
          channelType: channel.type,
          recipient: null,
          recipients: served.map(listed),
        });
      continue;
    }
    const mobiles = new Set<string>();
    for (const r of served) {
      if (!r.mobile || mobiles.has(r.mobile)) continue;
      mobiles.add(r.mobile);
      planned.push({
        channelId: channel.id,
        channelType: channel.type,
        recipient: r.mobile,
        recipients: [listed(r)],
      });
    }
  }
  return planned;
}
