/**
 * The directory's tables (drizzle-orm): villages and communities, enterprises, who is
 * linked to which, and the history of every change. Migrations are generated into
 * `./migrations` with `npm run db:generate:domain` and kept apart from the engine's
 * (their own bookkeeping table, `zhiben_domain_migrations`).
 */

import { bigserial, boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A person named on an enterprise's record. */
export interface Contact {
  name: string;
  mobile?: string | undefined;
}

/** 村(社区): its code is what processes store and what its officers' group is named after. */
export const villages = pgTable("directory_villages", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  /** Pinyin initials of the name (`tfc`), for the picker. */
  initials: text("initials").notNull(),
  createdAt: at("created_at").notNull().defaultNow(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

export const enterprises = pgTable(
  "directory_enterprises",
  {
    id: text("id").primaryKey(),
    /** 统一社会信用代码, upper case, check digit verified. */
    creditCode: text("credit_code").notNull().unique(),
    name: text("name").notNull(),
    initials: text("initials").notNull(),
    industry: text("industry").notNull(),
    village: text("village")
      .notNull()
      .references(() => villages.code),
    address: text("address"),
    /** 规模: 大型, 中型, 小型, 微型. */
    scale: text("scale"),
    highRisk: boolean("high_risk").notNull().default(false),
    principal: jsonb("principal").$type<Contact | null>(),
    controller: jsonb("controller").$type<Contact | null>(),
    safetyManager: jsonb("safety_manager").$type<Contact | null>(),
    status: text("status", { enum: ["operating", "suspended", "closed"] })
      .notNull()
      .default("operating"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("directory_enterprises_village_idx").on(t.village),
    index("directory_enterprises_initials_idx").on(t.initials, t.id),
  ],
);

/** Who changed which record, when, and what (field → [before, after]). */
export const directoryChanges = pgTable(
  "directory_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind", { enum: ["village", "enterprise", "member"] }).notNull(),
    recordId: text("record_id").notNull(),
    action: text("action", { enum: ["create", "update", "import", "link", "unlink"] }).notNull(),
    actor: text("actor").notNull(),
    at: at("at").notNull().defaultNow(),
    changes: jsonb("changes").$type<Record<string, [unknown, unknown]>>().notNull(),
  },
  (t) => [index("directory_changes_record_idx").on(t.kind, t.recordId, t.id)],
);

/** A user's place in the directory: the enterprise they act for, or the village they serve. */
export const directoryMembers = pgTable(
  "directory_members",
  {
    userId: text("user_id").primaryKey(),
    enterpriseId: text("enterprise_id").references(() => enterprises.id),
    villageCode: text("village_code").references(() => villages.code),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("directory_members_enterprise_idx").on(t.enterpriseId),
    index("directory_members_village_idx").on(t.villageCode),
  ],
);
