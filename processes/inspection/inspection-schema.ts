/**
 * Which optional inspections run (drizzle-orm): 班组日排查 and 部门周排查 switched on or off
 * per industry and per enterprise (an enterprise's own setting wins over its industry's;
 * neither set: off). 厂长月排查 and the principal's inspection cannot be switched off.
 */
import { boolean, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const inspectionSettings = pgTable(
  "inspection_settings",
  {
    /** `industry` (id is the industry's name) or `enterprise` (id is the enterprise's). */
    scope: text("scope", { enum: ["industry", "enterprise"] }).notNull(),
    id: text("id").notNull(),
    /** null: as the industry says (for an enterprise), else off. */
    daily: boolean("daily"),
    weekly: boolean("weekly"),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.id] })],
);
