/**
 * The channels an admin configures (`/api/channels`): checked, their URL and secret
 * sealed at rest, and never returned: a view shows the URL's host and path only and
 * whether a secret is set.
 */
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { ConflictError, NotFoundError, ValidationError, type Problem } from "../errors.js";
import type { EngineContext } from "../service/context.js";
import { notificationChannels } from "../store/schema.js";
import { isUniqueViolation } from "../store/driver-error.js";
import type { ChannelTarget } from "./channel-sender.js";

export interface ChannelInput {
  name: string;
  type: string;
  url?: string | null;
  /** A string sets it, null removes it, omitted keeps it. */
  secret?: string | null;
  groups: string[];
  users?: string[];
  ratePerMinute?: number;
  maxAttempts?: number;
  enabled?: boolean;
}

export interface ChannelView {
  id: string;
  name: string;
  type: string;
  /** Scheme, host and path: the query (a robot's key) is never shown. */
  urlHint: string | null;
  hasSecret: boolean;
  groups: string[];
  users: string[];
  ratePerMinute: number;
  maxAttempts: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ChannelRow = typeof notificationChannels.$inferSelect;

export interface ChannelStore {
  list(): Promise<ChannelView[]>;
  get(id: string): Promise<ChannelView>;
  /** Throws `ValidationError` (each field's problem) or `ConflictError` (name taken). */
  create(input: ChannelInput): Promise<ChannelView>;
  update(id: string, changes: Partial<ChannelInput>): Promise<ChannelView>;
  remove(id: string): Promise<void>;
}

const ROBOTS = new Set(["wecom", "dingtalk"]);

function urlHint(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return null;
  }
}

export function createChannelStore(ctx: EngineContext): ChannelStore {
  const { db } = ctx;
  const box = ctx.notifications.secrets;
  const view = (row: ChannelRow): ChannelView => ({
    id: row.id,
    name: row.name,
    type: row.type,
    urlHint: row.urlCipher ? urlHint(safeOpen(row.urlCipher)) : null,
    hasSecret: row.secretCipher !== null,
    groups: row.groups,
    users: row.users,
    ratePerMinute: row.ratePerMinute,
    maxAttempts: row.maxAttempts,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const safeOpen = (sealed: string) => {
    try {
      return box.open(sealed);
    } catch {
      return null;
    }
  };

  function check(input: ChannelInput): Problem[] {
    const problems: Problem[] = [];
    if (!ctx.notifications.senders.has(input.type))
      problems.push({ path: "type", message: `不支持的渠道类型：${input.type}` });
    if (input.type !== "sms") {
      let ok = false;
      try {
        ok = ["http:", "https:"].includes(new URL(input.url ?? "").protocol);
      } catch {
        ok = false;
      }
      if (!ok) problems.push({ path: "url", message: "须填写 http(s) 地址" });
    }
    if (input.groups.length === 0 && (input.users ?? []).length === 0)
      problems.push({ path: "groups", message: "至少指定一个组或用户" });
    if ((input.secret ?? null) !== null && !box.ready)
      problems.push({ path: "secret", message: "服务器未设置 ZHIBEN_SECRET_KEY，不能保存密钥" });
    return problems;
  }

  const seal = (value: string | null | undefined) => (value ? box.seal(value) : null);

  async function find(id: string): Promise<ChannelRow> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id)
      ? await db.select().from(notificationChannels).where(eq(notificationChannels.id, id))
      : [];
    if (!row) throw new NotFoundError("channel", id);
    return row;
  }

  const conflictOnName = (error: unknown): never => {
    if (isUniqueViolation(error)) throw new ConflictError("a channel of this name exists");
    throw error;
  };

  return {
    async list() {
      const rows = await db
        .select()
        .from(notificationChannels)
        .orderBy(asc(notificationChannels.name));
      return rows.map(view);
    },
    async get(id) {
      return view(await find(id));
    },
    async create(input) {
      const problems = check(input);
      if (problems.length > 0) throw new ValidationError("the channel is invalid", problems);
      const now = ctx.clock.now();
      const [row] = await db
        .insert(notificationChannels)
        .values({
          id: randomUUID(),
          name: input.name,
          type: input.type,
          urlCipher: seal(input.url),
          secretCipher: seal(input.secret),
          groups: input.groups,
          users: input.users ?? [],
          ratePerMinute: input.ratePerMinute ?? (ROBOTS.has(input.type) ? 20 : 60),
          maxAttempts: input.maxAttempts ?? 5,
          enabled: input.enabled ?? true,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .catch(conflictOnName);
      return view(row!);
    },
    async update(id, changes) {
      const row = await find(id);
      const merged: ChannelInput = {
        name: changes.name ?? row.name,
        type: changes.type ?? row.type,
        url:
          changes.url === undefined
            ? row.urlCipher
              ? safeOpen(row.urlCipher)
              : null
            : changes.url,
        secret: changes.secret,
        groups: changes.groups ?? row.groups,
        users: changes.users ?? row.users,
      };
      const problems = check(merged);
      if (problems.length > 0) throw new ValidationError("the channel is invalid", problems);
      const [updated] = await db
        .update(notificationChannels)
        .set({
          name: merged.name,
          type: merged.type,
          ...(changes.url !== undefined ? { urlCipher: seal(changes.url) } : {}),
          ...(changes.secret !== undefined ? { secretCipher: seal(changes.secret) } : {}),
          groups: merged.groups,
          users: merged.users,
          ...(changes.ratePerMinute !== undefined ? { ratePerMinute: changes.ratePerMinute } : {}),
          ...(changes.maxAttempts !== undefined ? { maxAttempts: changes.maxAttempts } : {}),
          ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
          updatedAt: ctx.clock.now(),
        })
        .where(eq(notificationChannels.id, row.id))
        .returning()
        .catch(conflictOnName);
      return view(updated!);
    },
    async remove(id) {
      const row = await find(id);
      await db.delete(notificationChannels).where(eq(notificationChannels.id, row.id));
    },
  };
}

/** The channel as its sender needs it, URL and secret opened. */
export function channelTarget(ctx: EngineContext, row: ChannelRow): ChannelTarget {
  const box = ctx.notifications.secrets;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    url: row.urlCipher ? box.open(row.urlCipher) : null,
    secret: row.secretCipher ? box.open(row.secretCipher) : null,
  };
}
