/**
 * Users in the directory: an enterprise's own users and a village's grid officers. A link
 * gives the user the record's group (`enterprise-<id>`, `village-<code>`) and takes away any
 * other directory group, in one transaction with the link and its history row, so the
 * groups that processes address always follow the directory.
 *
 * @example
 * ```ts
 * await members.link("huangzhiqiang", { enterpriseId: "hongda" }, "admin");
 * ```
 */
import { eq } from "drizzle-orm";
import { createUserStore } from "../../engine/identity/user-store.js";
import type { Clock } from "../../engine/clock.js";
import { NotFoundError, ValidationError } from "../../engine/errors.js";
import type { Db } from "../../engine/store/database.js";
import { directoryMembers, enterprises, villages } from "./directory-schema.js";
import { enterpriseGroup, isDirectoryGroup, villageGroup } from "./directory-scope.js";
import { recordChange } from "./record-changes.js";

export type MemberPlace = { enterpriseId: string } | { villageCode: string };

export interface Membership {
  userId: string;
  enterpriseId: string | null;
  villageCode: string | null;
  group: string | null;
}

export interface DirectoryMembers {
  /** Throws `NotFoundError` (user) or `ValidationError` (no such enterprise or village). */
  link(userId: string, place: MemberPlace, actor: string): Promise<Membership>;
  unlink(userId: string, actor: string): Promise<Membership>;
  of(userId: string): Promise<Membership>;
}

const groupOf = (m: { enterpriseId: string | null; villageCode: string | null }) =>
  m.enterpriseId
    ? enterpriseGroup(m.enterpriseId)
    : m.villageCode
      ? villageGroup(m.villageCode)
      : null;

export function createDirectoryMembers(db: Db, clock: Clock): DirectoryMembers {
  const inTransaction = <T>(run: (tx: Db) => Promise<T>) =>
    db.transaction((raw) => run(raw as unknown as Db));

  async function setGroups(tx: Db, userId: string, group: string | null) {
    const users = createUserStore(tx);
    const user = await users.find(userId);
    if (!user) throw new NotFoundError("user", userId);
    const groups = user.groups.filter((g) => !isDirectoryGroup(g));
    await users.update(userId, { groups: group ? [...groups, group] : groups });
  }

  async function assertPlaceExists(tx: Db, place: MemberPlace) {
    if ("enterpriseId" in place) {
      const [found] = await tx
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(eq(enterprises.id, place.enterpriseId));
      if (!found)
        throw new ValidationError("the link is invalid", [
          { path: "enterpriseId", message: "企业不存在" },
        ]);
    } else {
      const [found] = await tx
        .select({ code: villages.code })
        .from(villages)
        .where(eq(villages.code, place.villageCode));
      if (!found)
        throw new ValidationError("the link is invalid", [
          { path: "villageCode", message: "村(社区)不存在" },
        ]);
    }
  }

  return {
    link(userId, place, actor) {
      return inTransaction(async (tx) => {
        await assertPlaceExists(tx, place);
        const membership = {
          userId,
          enterpriseId: "enterpriseId" in place ? place.enterpriseId : null,
          villageCode: "villageCode" in place ? place.villageCode : null,
        };
        const group = groupOf(membership);
        await setGroups(tx, userId, group);
        const now = clock.now();
        await tx
          .insert(directoryMembers)
          .values({ ...membership, updatedAt: now })
          .onConflictDoUpdate({
            target: directoryMembers.userId,
            set: {
              enterpriseId: membership.enterpriseId,
              villageCode: membership.villageCode,
              updatedAt: now,
            },
          });
        await recordChange(tx, {
          kind: "member",
          recordId: userId,
          action: "link",
          actor,
          at: now,
          changes: { group: [null, group] },
        });
        return { ...membership, group };
      });
    },

    unlink(userId, actor) {
      return inTransaction(async (tx) => {
        const [before] = await tx
          .delete(directoryMembers)
          .where(eq(directoryMembers.userId, userId))
          .returning();
        await setGroups(tx, userId, null);
        if (before)
          await recordChange(tx, {
            kind: "member",
            recordId: userId,
            action: "unlink",
            actor,
            at: clock.now(),
            changes: { group: [groupOf(before), null] },
          });
        return { userId, enterpriseId: null, villageCode: null, group: null };
      });
    },

    async of(userId) {
      const [row] = await db
        .select()
        .from(directoryMembers)
        .where(eq(directoryMembers.userId, userId));
      const membership = {
        userId,
        enterpriseId: row?.enterpriseId ?? null,
        villageCode: row?.villageCode ?? null,
      };
      return { ...membership, group: groupOf(membership) };
    },
  };
}
