/**
 * How notifications are resolved and delivered: `createEngine({ notifications })`.
 * Defaults come from the environment: `ZHIBEN_PUBLIC_URL` (the case link in messages),
 * `ZHIBEN_SECRET_KEY` (channel secrets at rest), `ZHIBEN_DIGEST_AT` (`HH:MM`, Beijing
 * time, when non-urgent notifications go out as one digest; default 08:30).
 */
import type { ChannelSender, SmsProvider } from "./channel-sender.js";
import type { RecipientResolvers } from "./recipient-resolvers.js";
import { createSecretBox, type SecretBox } from "./secret-box.js";
import { channelSenders } from "./senders/channel-senders.js";

export interface NotificationOptions {
  /** Roles a `notify` may name, e.g. `enterprisePrincipal` (the application's directory). */
  resolvers?: RecipientResolvers;
  /** Senders of further channel types, by type. */
  senders?: Record<string, ChannelSender>;
  /** The SMS gateway; without one, SMS deliveries fail (and are shown as dead). */
  sms?: SmsProvider;
  publicUrl?: string;
  secretKey?: string;
  digestAt?: string;
  /** How long one send may take before it counts as failed (default 10 s). */
  sendTimeoutMs?: number;
  /** First retry after this long (default 30 s), doubling with each attempt, ±50 % jitter. */
  retryDelayMs?: number;
}

export interface NotificationSettings {
  resolvers: RecipientResolvers;
  senders: Map<string, ChannelSender>;
  sms: SmsProvider | null;
  publicUrl: string | null;
  secrets: SecretBox;
  /** Minutes after midnight, Beijing time. */
  digestMinute: number;
  sendTimeoutMs: number;
  retryDelayMs: number;
}

function digestMinute(text: string | undefined): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text ?? "");
  if (!match) return 8 * 60 + 30;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return minute < 24 * 60 ? minute : 8 * 60 + 30;
}

export function notificationSettings(options: NotificationOptions = {}): NotificationSettings {
  const publicUrl = options.publicUrl ?? process.env.ZHIBEN_PUBLIC_URL ?? "";
  return {
    resolvers: options.resolvers ?? {},
    senders: channelSenders(options.senders),
    sms: options.sms ?? null,
    publicUrl: publicUrl === "" ? null : publicUrl.replace(/\/+$/, ""),
    secrets: createSecretBox(options.secretKey),
    digestMinute: digestMinute(options.digestAt ?? process.env.ZHIBEN_DIGEST_AT),
    sendTimeoutMs: options.sendTimeoutMs ?? 10_000,
    retryDelayMs: options.retryDelayMs ?? 30_000,
  };
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The next digest time strictly after `now`. */
export function nextDigestAt(now: Date, minute: number): Date {
  const local = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let at = day + minute * 60_000 - BEIJING_OFFSET_MS;
  if (at <= now.getTime()) at += 24 * 60 * 60 * 1000;
  return new Date(at);
}

/** Exponential back-off with ±50 % jitter: `base · 2^(attempt−1)`. */
export function retryDelay(baseMs: number, attempt: number, random: () => number = Math.random) {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + random()));
}

/** The case's page for people following a link from a message. */
export function caseLink(
  settings: Pick<NotificationSettings, "publicUrl">,
  instanceId: string | null,
) {
  return settings.publicUrl && instanceId ? `${settings.publicUrl}/instances/${instanceId}` : null;
}
