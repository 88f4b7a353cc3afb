/**
 * The township's own rules (drizzle-orm), one row per setting: a setting not stored has
 * its default (`township-settings.ts`). Today one: what an approved rectification
 * extension does to a running escalation.
 */
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const townshipSettings = pgTable("township_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
});
