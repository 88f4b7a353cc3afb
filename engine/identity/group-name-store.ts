/**
 * The `group_names` table: the name people read for a group (`safety-office` → 安监办).
 * User admins change them; the server seeds defaults at start without overwriting a
 * name someone changed. The engine offers it as `engine.groups`.
 *
 * @example
 * ```ts
 * const groups = engine.groups;
 * await groups.seed({ "safety-office": "安监办" });
 * await groups.rename("safety-office", "镇安监办", "admin");
 * (await groups.names(["safety-office"])).get("safety-office"); // "镇安监办"
 * ```
 */
import { asc, inArray, sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import { groupNames } from "../store/schema.js";

export interface GroupName {
  key: string;
  name: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface GroupNameStore {
  /** Every named group, by key. */
  list(): Promise<GroupName[]>;
  /** The names of those of `keys` that have one. */
  names(keys: readonly string[]): Promise<Map<string, string>>;
  /** Sets (or first gives) a group its name. */
  rename(key: string, name: string, actor: string): Promise<GroupName>;
  /** Names the groups that have none yet; a name already set is kept. */
  seed(names: Readonly<Record<string, string>>): Promise<void>;
}

export function createGroupNameStore(db: Db): GroupNameStore {
  return {
    list: () => db.select().from(groupNames).orderBy(asc(groupNames.key)),
    async names(keys) {
      const wanted = [...new Set(keys)];
      if (wanted.length === 0) return new Map();
      const rows = await db
        .select({ key: groupNames.key, name: groupNames.name })
        .from(groupNames)
        .where(inArray(groupNames.key, wanted));
      return new Map(rows.map((r) => [r.key, r.name]));
    },
    async rename(key, name, actor) {
      const [row] = await db
        .insert(groupNames)
        .values({ key, name, updatedBy: actor, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: groupNames.key,
          set: { name, updatedBy: actor, updatedAt: sql`now()` },
        })
        .returning();
      return row!;
    },
    async seed(names) {
      const rows = Object.entries(names).map(([key, name]) => ({ key, name, updatedBy: null }));
      if (rows.length === 0) return;
      await db.insert(groupNames).values(rows).onConflictDoNothing();
    },
  };
}
