/**
 * The `users` table: accounts, their groups, disabling and token versions.
 * A user's id is their username, so that definitions and seeds can name users.
 * The engine offers it as `engine.users`; the HTTP API signs people in with it.
 *
 * @example
 * ```ts
 * const users = engine.users;
 * await users.create({ username: "li", name: "李", password: "…", groups: ["safety-office"] });
 * ```
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import { users } from "../store/schema.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { hashPassword } from "./password.js";

/** The channel the user store announces changed users on (payload: the user id). */
export const CHANNEL_USERS = "zhiben_users";

export type UserRow = typeof users.$inferSelect;

export interface PublicUser {
  id: string;
  username: string;
  name: string;
  groups: string[];
  orgUnit: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  username: string;
  name: string;
  password: string;
  groups: string[];
  orgUnit?: string | null;
}

export interface UserChanges {
  name?: string;
  groups?: string[];
  orgUnit?: string | null;
  password?: string;
  disabled?: boolean;
  /** Ends every token the user holds (logout). */
  revokeTokens?: boolean;
}

export function publicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    groups: row.groups,
    orgUnit: row.orgUnit,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface UserStore {
  find(id: string): Promise<UserRow | null>;
  findByUsername(username: string): Promise<UserRow | null>;
  list(): Promise<UserRow[]>;
  /** The display names of those of `ids` that exist (disabled users too: they still appear in history). */
  names(ids: readonly string[]): Promise<Map<string, string>>;
  count(): Promise<number>;
  /** Throws `ConflictError` when the username is taken. */
  create(user: NewUser): Promise<UserRow>;
  /**
   * A new password or disabling bumps the token version, so existing tokens stop working.
   * Announced on `zhiben_users` (`CHANNEL_USERS`) so that every process's cache of users
   * (api/auth/user-cache.ts) forgets the user.
   */
  update(id: string, changes: UserChanges): Promise<UserRow>;
  recordFailedLogin(id: string, at: Date): Promise<void>;
  clearFailedLogins(id: string): Promise<void>;
}

export function createUserStore(db: Db): UserStore {
  const find = async (id: string) =>
    (await db.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null;
  return {
    find,
    async findByUsername(username) {
      return (
        (await db.select().from(users).where(eq(users.username, username)).limit(1))[0] ?? null
      );
    },
    list: () => db.select().from(users).orderBy(asc(users.username)),
    async names(ids) {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      const rows = await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, wanted));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async count() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
      return row?.n ?? 0;
    },
    async create(user) {
      const passwordHash = await hashPassword(user.password);
      const inserted = await db
        .insert(users)
        .values({
          id: user.username,
          username: user.username,
          name: user.name,
          passwordHash,
          groups: [...new Set(user.groups)],
          orgUnit: user.orgUnit ?? null,
        })
        .onConflictDoNothing()
        .returning();
      const row = inserted[0];
      if (!row) throw new ConflictError(`the username ${user.username} is taken`);
      return row;
    },
    async update(id, changes) {
      const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.groups !== undefined) values.groups = [...new Set(changes.groups)];
      if (changes.orgUnit !== undefined) values.orgUnit = changes.orgUnit;
      if (changes.disabled !== undefined) values.disabled = changes.disabled;
      if (changes.password !== undefined) {
        values.passwordHash = await hashPassword(changes.password);
        values.failedLogins = 0;
        values.lastFailedLoginAt = null;
      }
      const revokes =
        changes.password !== undefined ||
        changes.disabled === true ||
        changes.revokeTokens === true;
      // Every process's cache of this user hears of the change when it commits.
      const updated = await db.transaction(async (tx) => {
        const rows = await tx
          .update(users)
          .set(revokes ? { ...values, tokenVersion: sql`${users.tokenVersion} + 1` } : values)
          .where(eq(users.id, id))
          .returning();
        if (rows.length > 0) await tx.execute(sql`select pg_notify(${CHANNEL_USERS}, ${id})`);
        return rows;
      });
      const row = updated[0];
      if (!row) throw new NotFoundError("user", id);
      return row;
    },
    async recordFailedLogin(id, at) {
      await db
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1`, lastFailedLoginAt: at })
        .where(eq(users.id, id));
    },
    async clearFailedLogins(id) {
      await db
        .update(users)
        .set({ failedLogins: 0, lastFailedLoginAt: null })
        .where(eq(users.id, id));
    },
  };
}
