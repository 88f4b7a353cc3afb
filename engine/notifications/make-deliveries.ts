/**
 * The `deliver` job (one per outbox row, run by the worker with its instance locked):
 * resolves the recipients, writes one delivery per recipient and channel, lists whom
 * it told in the instance's history, and tells their message centres. Sending to the
 * outside channels happens later, outside any lock (run-due-deliveries.ts). A job run
 * twice writes nothing twice (`deliveries_once`).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { recordChange, type ChangeLog } from "../service/apply-step.js";
import { unitOfWork, type EngineContext } from "../service/context.js";
import type { InstanceRow } from "../service/rows.js";
import type { Db } from "../store/database.js";
import { deliveries, notificationChannels, outbox } from "../store/schema.js";
import type { InstanceId } from "../ids.js";
import { nextDigestAt } from "./notification-settings.js";
import { IN_APP, planDeliveries } from "./plan-deliveries.js";
import { isUnknownRole, parseRole, resolveRecipients } from "./resolve-recipients.js";

export type OutboxRow = typeof outbox.$inferSelect;

export async function makeDeliveries(
  tx: Db,
  ctx: EngineContext,
  row: OutboxRow,
  log: ChangeLog,
  instanceOf: () => Promise<InstanceRow | undefined>,
): Promise<void> {
  const settings = ctx.notifications;
  const now = ctx.clock.now();
  const unknown = row.recipients.filter((r) => isUnknownRole(r, settings.resolvers));
  if (unknown.length > 0)
    ctx.logger.warn(
      { outboxId: row.id, roles: unknown },
      "notification names roles no resolver answers",
    );
  const recipients = await resolveRecipients(tx, row.recipients, settings.resolvers);
  const channels = await tx
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.enabled, true));
  const addressed = row.recipients.filter(
    (r) => !r.startsWith("user:") && !parseRole(r, settings.resolvers) && !unknown.includes(r),
  );
  const planned = planDeliveries(recipients, addressed, channels);
  const instance = row.instanceId ? await instanceOf() : undefined;
  const digestAt = nextDigestAt(now, settings.digestMinute);
  if (planned.length > 0)
    await tx
      .insert(deliveries)
      .values(
        planned.map((p) => {
          const inApp = p.channelType === IN_APP;
          return {
            id: randomUUID(),
            outboxId: row.id,
            instanceId: row.instanceId,
            processKey: instance?.processKey ?? null,
            channelId: p.channelId,
            channelType: p.channelType,
            recipient: p.recipient,
            recipients: p.recipients,
            title: row.title,
            message: row.message,
            urgent: row.urgent,
            status: inApp ? ("sent" as const) : ("pending" as const),
            dueAt: inApp || row.urgent ? now : digestAt,
            sentAt: inApp ? now : null,
            createdAt: now,
          };
        }),
      )
      .onConflictDoNothing();

  // Wakes the delivery loop (it listens with the job loop).
  if (row.urgent && planned.some((p) => p.channelType !== IN_APP)) log.jobsAdded = true;
  const told = planned.filter((p) => p.channelType === IN_APP).map((p) => p.recipient!);
  if (told.length > 0)
    log.events.push({
      type: "notifications.changed",
      userIds: told,
      instanceId: (row.instanceId as InstanceId | null) ?? null,
    });
  if (instance) {
    const byId = new Map(channels.map((c) => [c.id, c]));
    await recordChange(unitOfWork(ctx, tx, log), instance, {
      kind: "notified",
      actor: "system",
      data: {
        notification: String(row.id),
        title: row.title,
        message: row.message,
        urgent: row.urgent,
        addressed: row.recipients,
        recipients: recipients.map((r) => ({ id: r.userId, name: r.name, via: r.via })),
        channels: [...new Set(planned.flatMap((p) => (p.channelId ? [p.channelId] : [])))].map(
          (id) => ({ name: byId.get(id)?.name ?? "", type: byId.get(id)?.type ?? "" }),
        ),
      },
    });
  }
}
