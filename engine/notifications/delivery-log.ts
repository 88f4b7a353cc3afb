/**
 * What became of deliveries, for admins (dead ones with their error, and a retry) and
 * for a case's page (each delivery of its notifications: sent, pending, dead, read).
 */
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../errors.js";
import type { InstanceId } from "../ids.js";
import { ChangeLog } from "../service/change-log.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { deliveries, notificationChannels } from "../store/schema.js";

export type DeliveryStatus = "pending" | "sending" | "sent" | "dead";

/** One delivery as admins and the case page see it. */
export interface DeliveryView {
  id: string;
  /** The notification it delivers: the `notification` of its case's `notified` history entry. */
  notificationId: string;
  instanceId: InstanceId | null;
  processKey: string | null;
  channelType: string;
  /** Null for the in-app channel, or when the channel was removed. */
  channelName: string | null;
  recipients: { id: string | null; name: string; via: string }[];
  title: string | null;
  message: string;
  urgent: boolean;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** When it is next tried (pending), or its lease ends (sending). */
  dueAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  instanceId?: string;
  limit?: number;
}

export interface DeliveryLog {
  list(filter?: DeliveryFilter): Promise<DeliveryView[]>;
  /** A dead delivery tried again now, with its attempts counted afresh. Throws `ConflictError` unless dead. */
  retry(id: string): Promise<DeliveryView>;
}

export function createDeliveryLog(ctx: EngineContext): DeliveryLog {
  const select = (db: Db, where: SQL | undefined, limit: number) =>
    db
      .select({ d: deliveries, channelName: notificationChannels.name })
      .from(deliveries)
      .leftJoin(notificationChannels, eq(notificationChannels.id, deliveries.channelId))
      .where(where)
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(limit);
  const view = ({
    d,
    channelName,
  }: {
    d: typeof deliveries.$inferSelect;
    channelName: string | null;
  }): DeliveryView => ({
    id: d.id,
    notificationId: String(d.outboxId),
    instanceId: d.instanceId as InstanceId | null,
    processKey: d.processKey,
    channelType: d.channelType,
    channelName,
    recipients: d.recipients as DeliveryView["recipients"],
    title: d.title,
    message: d.message,
    urgent: d.urgent,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    dueAt: d.dueAt,
    sentAt: d.sentAt,
    readAt: d.readAt,
    createdAt: d.createdAt,
  });
  const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

  return {
    async list(filter = {}) {
      if (filter.instanceId !== undefined && !isUuid(filter.instanceId)) return [];
      const conditions: SQL[] = [];
      if (filter.status) conditions.push(eq(deliveries.status, filter.status));
      if (filter.instanceId) conditions.push(eq(deliveries.instanceId, filter.instanceId));
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
      return (await select(ctx.db, and(...conditions), limit)).map(view);
    },
    async retry(id) {
      if (!isUuid(id)) throw new NotFoundError("delivery", id);
      return ctx.db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, id)).for("update");
        if (!row) throw new NotFoundError("delivery", id);
        if (row.status !== "dead")
          throw new ConflictError(`delivery ${id} is ${row.status}, not dead`);
        await tx
          .update(deliveries)
          .set({ status: "pending", attempts: 0, dueAt: ctx.clock.now() })
          .where(inArray(deliveries.id, [id]));
        const log = new ChangeLog();
        log.jobsAdded = true;
        await log.flush(tx);
        const [updated] = await select(tx, eq(deliveries.id, id), 1);
        return view(updated!);
      });
    },
  };
}
