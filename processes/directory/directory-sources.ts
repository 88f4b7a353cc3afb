/**
 * The directory as schedule sources (issue 15): `enterprises`, every operating
 * enterprise as its record (`id`, `name`, `village`, `villageName`, `industry`,
 * `highRisk`, …) with `dailyInspection` and `weeklyInspection` (whether its 班组日排查 and
 * 部门周排查 are switched on, processes/inspection/inspection-settings.ts), and `villages`, every village (`id` = its code, `code`,
 * `name`). A schedule writes `"forEach": "enterprises", "filter": "item.highRisk
 * = true"`. Read in the firing transaction.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ sources: directorySources() });
 * ```
 */
import { asc, eq } from "drizzle-orm";
import { systemClock } from "../../engine/clock.js";
import type { ScheduleItem, ScheduleSource } from "../../engine/scheduler/schedule-source.js";
import { enterprises, villages } from "./directory-schema.js";
import type { DirectorySettings } from "./directory.js";
import { createEnterpriseStore } from "./enterprise-store.js";
import { DEFAULT_INDUSTRIES } from "./industries.js";
import { createInspectionSettings } from "../inspection/inspection-settings.js";

export function directorySources(settings: DirectorySettings = {}): Record<string, ScheduleSource> {
  return {
    enterprises: {
      label: "企业",
      unit: "家",
      async list({ db }) {
        const rows = await db
          .select({ id: enterprises.id })
          .from(enterprises)
          .where(eq(enterprises.status, "operating"))
          .orderBy(asc(enterprises.id));
        const industries = settings.industries ?? DEFAULT_INDUSTRIES;
        const store = createEnterpriseStore({
          db,
          clock: systemClock,
          industries,
          readAllGroups: [],
        });
        const found = [...(await store.lookup(rows.map((r) => r.id))).values()];
        const switches = await createInspectionSettings({
          db,
          clock: systemClock,
          industries,
        }).effective(found, db);
        return found.map((enterprise) => {
          const on = switches.get(enterprise.id);
          return {
            ...enterprise,
            dailyInspection: on?.daily ?? false,
            weeklyInspection: on?.weekly ?? false,
          };
        }) as unknown as ScheduleItem[];
      },
    },
    villages: {
      label: "村(社区)",
      unit: "个",
      async list({ db }) {
        const rows = await db.select().from(villages).orderBy(asc(villages.code));
        return rows.map((v) => ({ id: v.code, code: v.code, name: v.name }));
      },
    },
  };
}
