/**
 * What a channel sender gets and does. A sender is registered by channel type
 * (`webhook`, `wecom`, `dingtalk`, `sms`, or an application's own) and throws on
 * failure, which makes its delivery retry with back-off until `maxAttempts`.
 *
 * @example
 * ```ts
 * const pager: ChannelSender = async (channel, message, { signal }) => {
 *   await fetch(channel.url!, { method: "POST", body: message.message, signal });
 * };
 * const engine = await createEngine({ notifications: { senders: { pager } } });
 * ```
 */

/** A channel as its sender sees it: the secret decrypted, for this send only. */
export interface ChannelTarget {
  id: string;
  name: string;
  type: string;
  url: string | null;
  secret: string | null;
}

/** One message on its way. `id` stays the same on every retry (the idempotency key). */
export interface OutgoingMessage {
  id: string;
  instanceId: string | null;
  processKey: string | null;
  title: string;
  /** The text, with the case's link when a public URL is configured. */
  message: string;
  /** `<ZHIBEN_PUBLIC_URL>/instances/<id>`, or null. */
  link: string | null;
  recipients: { id: string | null; name: string }[];
  /** For SMS: the number it goes to. */
  mobile: string | null;
  createdAt: Date;
}

/** Sends a text message to one mobile number; no provider is shipped (tests use a fake). */
export interface SmsProvider {
  send(mobile: string, text: string, options: { id: string; signal: AbortSignal }): Promise<void>;
}

export interface SendContext {
  signal: AbortSignal;
  now: Date;
  sms: SmsProvider | null;
}

export type ChannelSender = (
  channel: ChannelTarget,
  message: OutgoingMessage,
  context: SendContext,
) => Promise<void>;

/** A failed send: the message kept on the delivery and shown to admins (never the secret). */
export class SendError extends Error {
  override name = "SendError";
}
