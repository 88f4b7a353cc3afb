/**
 * Villages and communities (村/社区): list with search, read, create and rename, each
 * change with its history row in one transaction.
 */
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type { Clock } from "../../engine/clock.js";
import { ConflictError, NotFoundError } from "../../engine/errors.js";
import type { Db } from "../../engine/store/database.js";
import { enterprises, villages } from "./directory-schema.js";
import type { NewVillage, Village, VillageChanges } from "./directory-schemas.js";
import { villageGroup } from "./directory-scope.js";
import { afterCursor, containing, encodePageCursor } from "./page-cursor.js";
import { pinyinInitials } from "./pinyin-initials.js";
import { changedFields, recordChange } from "./record-changes.js";

export interface VillageFilter {
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface VillageStore {
  list(filter?: VillageFilter): Promise<{ items: Village[]; nextCursor: string | null }>;
  /** Throws `NotFoundError`. */
  get(code: string): Promise<Village>;
  /** Throws `ConflictError` when the code is taken. */
  create(village: NewVillage, actor: string): Promise<Village>;
  update(code: string, changes: VillageChanges, actor: string): Promise<Village>;
}

type VillageRow = typeof villages.$inferSelect;

function toVillage(row: VillageRow, enterpriseCount: number): Village {
  return {
    code: row.code,
    name: row.name,
    initials: row.initials,
    group: villageGroup(row.code),
    enterprises: enterpriseCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const enterpriseCount = sql<number>`(select count(*)::int from ${enterprises} where ${enterprises.village} = ${villages.code})`;

export function createVillageStore(db: Db, clock: Clock): VillageStore {
  const get = async (code: string, tx: Db = db) => {
    const [row] = await tx
      .select({ village: villages, enterprises: enterpriseCount })
      .from(villages)
      .where(eq(villages.code, code));
    if (!row) throw new NotFoundError("village", code);
    return toVillage(row.village, row.enterprises);
  };
  return {
    async list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const q = filter.q?.trim();
      const rows = await db
        .select({ village: villages, enterprises: enterpriseCount })
        .from(villages)
        .where(
          and(
            q
              ? or(
                  ilike(villages.name, containing(q)),
                  ilike(villages.code, containing(q)),
                  ilike(villages.initials, containing(q)),
                )
              : undefined,
            afterCursor(filter.cursor, villages.initials, villages.code),
          ),
        )
        .orderBy(asc(villages.initials), asc(villages.code))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => toVillage(r.village, r.enterprises)),
        nextCursor:
          rows.length > limit && last
            ? encodePageCursor(last.village.initials, last.village.code)
            : null,
      };
    },
    get: (code) => get(code),
    async create(village, actor) {
      return db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const now = clock.now();
        const [row] = await tx
          .insert(villages)
          .values({
            ...village,
            initials: pinyinInitials(village.name),
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) throw new ConflictError(`村(社区)编码 ${village.code} 已存在`);
        await recordChange(tx, {
          kind: "village",
          recordId: row.code,
          action: "create",
          actor,
          at: now,
          changes: changedFields({}, village, ["code", "name"]),
        });
        return toVillage(row, 0);
      });
    },
    async update(code, changes, actor) {
      return db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const [before] = await tx
          .select()
          .from(villages)
          .where(eq(villages.code, code))
          .for("update");
        if (!before) throw new NotFoundError("village", code);
        const diff = changedFields(before, changes, ["name"]);
        if (Object.keys(diff).length > 0) {
          const now = clock.now();
          await tx
            .update(villages)
            .set({ name: changes.name, initials: pinyinInitials(changes.name), updatedAt: now })
            .where(eq(villages.code, code));
          await recordChange(tx, {
            kind: "village",
            recordId: code,
            action: "update",
            actor,
            at: now,
            changes: diff,
          });
        }
        return get(code, tx);
      });
    },
  };
}
