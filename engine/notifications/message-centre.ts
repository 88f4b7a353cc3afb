/**
 * A user's message centre: their in-app deliveries, newest first, with filters (unread,
 * process, date), the unread count, and marking read. Every change announces
 * `notifications.changed` so the user's other tabs and devices update their bell.
 */
import { and, count, desc, eq, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { NotFoundError, ValidationError } from "../errors.js";
import type { InstanceId } from "../ids.js";
import { ChangeLog } from "../service/change-log.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { deliveries } from "../store/schema.js";
import { IN_APP } from "./plan-deliveries.js";

/** One message in a user's message centre. */
export interface InboxMessage {
  id: string;
  title: string | null;
  message: string;
  instanceId: InstanceId | null;
  processKey: string | null;
  urgent: boolean;
  read: boolean;
  readAt: Date | null;
  createdAt: Date;
}

export interface InboxFilter {
  unread?: boolean;
  processKey?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface InboxPage {
  items: InboxMessage[];
  unread: number;
  nextCursor: string | null;
}

export interface MessageCentre {
  list(userId: string, filter?: InboxFilter): Promise<InboxPage>;
  unreadCount(userId: string): Promise<number>;
  /** Throws `NotFoundError` when the message is not this user's. */
  markRead(userId: string, id: string): Promise<InboxMessage>;
  /** Returns how many were marked. */
  markAllRead(userId: string): Promise<number>;
}

type DeliveryRow = typeof deliveries.$inferSelect;

const toMessage = (row: DeliveryRow): InboxMessage => ({
  id: row.id,
  title: row.title,
  message: row.message,
  instanceId: row.instanceId as InstanceId | null,
  processKey: row.processKey,
  urgent: row.urgent,
  read: row.readAt !== null,
  readAt: row.readAt,
  createdAt: row.createdAt,
});

const encodeCursor = (m: InboxMessage) =>
  Buffer.from(`${m.createdAt.toISOString()}|${m.id}`).toString("base64url");

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime()))
    throw new ValidationError("bad cursor", [{ path: "cursor", message: "分页游标无效" }]);
  return { at: date, id };
}

const mine = (userId: string) =>
  and(eq(deliveries.channelType, IN_APP), eq(deliveries.recipient, userId));

export function createMessageCentre(ctx: EngineContext): MessageCentre {
  const db = ctx.db;
  const unreadCount = async (tx: Db, userId: string) => {
    const [row] = await tx
      .select({ n: count() })
      .from(deliveries)
      .where(and(mine(userId), isNull(deliveries.readAt)));
    return row?.n ?? 0;
  };
  const announce = async (tx: Db, userId: string) => {
    const log = new ChangeLog();
    log.events.push({ type: "notifications.changed", userIds: [userId], instanceId: null });
    await log.flush(tx);
  };

  return {
    async list(userId, filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const conditions: (SQL | undefined)[] = [mine(userId)];
      if (filter.unread) conditions.push(isNull(deliveries.readAt));
      if (filter.processKey) conditions.push(eq(deliveries.processKey, filter.processKey));
      if (filter.from) conditions.push(gte(deliveries.createdAt, filter.from));
      if (filter.to) conditions.push(lt(deliveries.createdAt, filter.to));
      if (filter.cursor) {
        const { at, id } = decodeCursor(filter.cursor);
        conditions.push(
          or(
            lt(deliveries.createdAt, at),
            and(eq(deliveries.createdAt, at), lt(deliveries.id, id)),
          ),
        );
      }
      const rows = await db
        .select()
        .from(deliveries)
        .where(and(...conditions))
        .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map(toMessage);
      const last = items.at(-1);
      return {
        items,
        unread: await unreadCount(db, userId),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
    },
    unreadCount: (userId) => unreadCount(db, userId),
    markRead(userId, id) {
      return db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const [row] = await tx
          .select()
          .from(deliveries)
          .where(and(mine(userId), sql`${deliveries.id}::text = ${id}`));
        if (!row) throw new NotFoundError("notification", id);
        if (row.readAt) return toMessage(row);
        const readAt = ctx.clock.now();
        await tx.update(deliveries).set({ readAt }).where(eq(deliveries.id, row.id));
        await announce(tx, userId);
        return toMessage({ ...row, readAt });
      });
    },
    markAllRead(userId) {
      return db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const marked = await tx
          .update(deliveries)
          .set({ readAt: ctx.clock.now() })
          .where(and(mine(userId), isNull(deliveries.readAt)))
          .returning({ id: deliveries.id });
        if (marked.length > 0) await announce(tx, userId);
        return marked.length;
      });
    },
  };
}
