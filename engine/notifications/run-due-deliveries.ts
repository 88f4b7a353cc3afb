/**
 * Sends due deliveries to their channels, never inside a lock. A short transaction
 * claims them (skipping rows and channels another worker holds), keeps each channel
 * within its rate (sends in the last minute, on the channel row) and leases them
 * (`sending` until the lease runs out: a worker that dies mid-send leaves them to be
 * claimed again, with the same id as idempotency key). The sends then run, and each
 * outcome is written: sent; or retried after exponential back-off with jitter; or
 * dead after the channel's `maxAttempts`, with the error for admins. Non-urgent
 * deliveries due together for one recipient of one channel go as one digest.
 */
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { deliveries, notificationChannels } from "../store/schema.js";
import { channelTarget, type ChannelRow } from "./channel-store.js";
import { SendError, type ChannelTarget, type OutgoingMessage } from "./channel-sender.js";
import { caseLink, retryDelay } from "./notification-settings.js";

type DeliveryRow = typeof deliveries.$inferSelect;

/** One send: a delivery, or a digest of several. */
interface SendUnit {
  channel: ChannelRow;
  rows: DeliveryRow[];
}

const MINUTE = 60_000;

function unitsOf(channel: ChannelRow, rows: DeliveryRow[]): SendUnit[] {
  const units: SendUnit[] = [];
  const digests = new Map<string, DeliveryRow[]>();
  for (const row of rows) {
    if (row.urgent) units.push({ channel, rows: [row] });
    else {
      const key = row.recipient ?? "";
      digests.set(key, [...(digests.get(key) ?? []), row]);
    }
  }
  for (const group of digests.values()) units.push({ channel, rows: group });
  return units;
}

async function claim(ctx: EngineContext, limit: number, leaseMs: number): Promise<SendUnit[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const isDue = and(
      inArray(deliveries.status, ["pending", "sending"]),
      lte(deliveries.dueAt, now),
      isNotNull(deliveries.channelId),
    );
    const dueChannels = (
      await tx.selectDistinct({ id: deliveries.channelId }).from(deliveries).where(isDue)
    ).map((r) => r.id!);
    if (dueChannels.length === 0) return [];
    const existing = await tx
      .select({ id: notificationChannels.id })
      .from(notificationChannels)
      .where(inArray(notificationChannels.id, dueChannels));
    const gone = dueChannels.filter((id) => !existing.some((c) => c.id === id));
    if (gone.length > 0)
      await tx
        .update(deliveries)
        .set({ status: "dead", lastError: "the channel was removed" })
        .where(and(isDue, inArray(deliveries.channelId, gone)));
    // A channel another worker is sending for is skipped: its rate is that worker's to keep.
    const channels = await tx
      .select()
      .from(notificationChannels)
      .where(
        and(inArray(notificationChannels.id, dueChannels), eq(notificationChannels.enabled, true)),
      )
      .for("update", { skipLocked: true });
    const units: SendUnit[] = [];
    for (const channel of channels) {
      const recent = channel.recentSends.filter((t) => t > now.getTime() - MINUTE);
      const allowed = Math.max(channel.ratePerMinute - recent.length, 0);
      if (allowed === 0) continue;
      const rows = await tx
        .select()
        .from(deliveries)
        .where(and(isDue, eq(deliveries.channelId, channel.id)))
        .orderBy(asc(deliveries.dueAt))
        .limit(limit)
        .for("update", { skipLocked: true });
      const taken = unitsOf(channel, rows).slice(0, allowed);
      if (taken.length === 0) continue;
      units.push(...taken);
      await tx
        .update(notificationChannels)
        .set({ recentSends: [...recent, ...taken.map(() => now.getTime())] })
        .where(eq(notificationChannels.id, channel.id));
    }
    const leased = units.flatMap((u) => u.rows.map((r) => r.id));
    if (leased.length > 0)
      await tx
        .update(deliveries)
        .set({
          status: "sending",
          attempts: sql`${deliveries.attempts} + 1`,
          lastAttemptAt: now,
          dueAt: new Date(now.getTime() + leaseMs),
        })
        .where(inArray(deliveries.id, leased));
    return units.map((u) => ({
      ...u,
      rows: u.rows.map((r) => ({ ...r, attempts: r.attempts + 1 })),
    }));
  });
}

function messageOf(ctx: EngineContext, unit: SendUnit): OutgoingMessage {
  const [first] = unit.rows as [DeliveryRow, ...DeliveryRow[]];
  const recipients = new Map<string, { id: string | null; name: string }>();
  for (const row of unit.rows)
    for (const r of row.recipients as { id: string | null; name: string }[])
      recipients.set(r.id ?? r.name, { id: r.id, name: r.name });
  const single = unit.rows.length === 1;
  const link = single ? caseLink(ctx.notifications, first.instanceId) : null;
  const text = single
    ? [first.message, link ? `查看：${link}` : ""].filter(Boolean).join("\n")
    : unit.rows
        .map((r, i) => {
          const url = caseLink(ctx.notifications, r.instanceId);
          return `${i + 1}. ${r.title ? `${r.title}：` : ""}${r.message}${url ? ` ${url}` : ""}`;
        })
        .join("\n");
  return {
    id: [...unit.rows].map((r) => r.id).sort()[0]!,
    instanceId: single ? first.instanceId : null,
    processKey: single ? first.processKey : null,
    title: single ? (first.title ?? "治本通知") : `治本通知汇总（${unit.rows.length}条）`,
    message: text,
    link,
    recipients: [...recipients.values()],
    mobile: first.channelType === "sms" ? first.recipient : null,
    createdAt: first.createdAt,
  };
}

async function send(ctx: EngineContext, unit: SendUnit): Promise<string | null> {
  const sender = ctx.notifications.senders.get(unit.channel.type);
  try {
    if (!sender) throw new SendError(`no sender for channel type ${unit.channel.type}`);
    let target: ChannelTarget;
    try {
      target = channelTarget(ctx, unit.channel);
    } catch {
      throw new SendError("the channel's secret cannot be opened (ZHIBEN_SECRET_KEY changed?)");
    }
    await sender(target, messageOf(ctx, unit), {
      signal: AbortSignal.timeout(ctx.notifications.sendTimeoutMs),
      now: ctx.clock.now(),
      sms: ctx.notifications.sms,
    });
    return null;
  } catch (error) {
    return error instanceof SendError
      ? error.message
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  }
}

async function record(ctx: EngineContext, unit: SendUnit, error: string | null): Promise<void> {
  const now = ctx.clock.now();
  const ids = unit.rows.map((r) => r.id);
  const attempts = Math.max(...unit.rows.map((r) => r.attempts));
  const only = and(inArray(deliveries.id, ids), eq(deliveries.status, "sending"));
  if (error === null) {
    await ctx.db
      .update(deliveries)
      .set({ status: "sent", sentAt: now, lastError: null })
      .where(only);
    return;
  }
  ctx.logger.warn(
    { channel: unit.channel.name, deliveries: ids, attempts, err: error },
    "notification delivery failed",
  );
  if (attempts >= unit.channel.maxAttempts) {
    await ctx.db.update(deliveries).set({ status: "dead", lastError: error }).where(only);
    return;
  }
  const dueAt = new Date(now.getTime() + retryDelay(ctx.notifications.retryDelayMs, attempts));
  await ctx.db.update(deliveries).set({ status: "pending", lastError: error, dueAt }).where(only);
}

/**
 * Sends what is due now (one claim, at most `limit` deliveries per channel); returns
 * how many sends were made. Sends to one channel go one after another; channels in parallel.
 */
export async function runDueDeliveries(ctx: EngineContext, limit = 100): Promise<number> {
  const leaseMs = ctx.notifications.sendTimeoutMs + 30_000;
  const units = await claim(ctx, limit, leaseMs);
  const byChannel = new Map<string, SendUnit[]>();
  for (const unit of units)
    byChannel.set(unit.channel.id, [...(byChannel.get(unit.channel.id) ?? []), unit]);
  await Promise.all(
    [...byChannel.values()].map(async (list) => {
      for (const unit of list) await record(ctx, unit, await send(ctx, unit));
    }),
  );
  return units.length;
}
