/**
 * The generic webhook: a JSON body `{ id, instanceId, processKey, title, message,
 * recipients, createdAt }` signed with the channel's shared secret.
 * `X-Zhiben-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`,
 * `X-Zhiben-Timestamp` (Unix seconds; receivers refuse old ones, stopping replays) and
 * `Idempotency-Key: <id>` (the same on every retry of one delivery).
 */
import { createHmac } from "node:crypto";
import type { ChannelSender } from "../channel-sender.js";
import { SendError } from "../channel-sender.js";
import { postJson } from "./post-json.js";

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

export const webhookSender: ChannelSender = async (channel, message, { signal, now }) => {
  if (!channel.url) throw new SendError("the channel has no URL");
  const body = JSON.stringify({
    id: message.id,
    instanceId: message.instanceId,
    processKey: message.processKey,
    title: message.title,
    message: message.message,
    recipients: message.recipients,
    createdAt: message.createdAt.toISOString(),
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = {
    "x-zhiben-timestamp": timestamp,
    "idempotency-key": message.id,
  };
  if (channel.secret)
    headers["x-zhiben-signature"] = webhookSignature(channel.secret, timestamp, body);
  await postJson(channel.url, body, headers, signal);
};
