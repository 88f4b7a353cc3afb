/**
 * The engine's `x-ref` resolvers for the directory: a form's `"x-ref": "enterprise"`
 * field stores the enterprise's id and fills `enterpriseName`, `village`, `villageName`,
 * `industry`, `highRisk` and (for inspections) `checklist`, its industry's checklist; `"x-ref": "village"` stores the code and fills `villageName`. Read in
 * the transaction of the start or completion that carries the reference.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ references: directoryReferences() });
 * ```
 */
import { inArray } from "drizzle-orm";
import { systemClock } from "../../engine/clock.js";
import type { References } from "../../engine/references/reference-resolver.js";
import { villages } from "./directory-schema.js";
import type { DirectorySettings } from "./directory.js";
import { createEnterpriseStore } from "./enterprise-store.js";
import { DEFAULT_INDUSTRIES } from "./industries.js";
import { checklistFor } from "../inspection/checklists.js";

export const ENTERPRISE_FILL = {
  enterpriseName: "name",
  village: "village",
  villageName: "villageName",
  industry: "industry",
  highRisk: "highRisk",
  checklist: "checklist",
} as const;

export function directoryReferences(settings: DirectorySettings = {}): References {
  return {
    enterprise: {
      label: "企业",
      fill: ENTERPRISE_FILL,
      detail: (e) => `${String(e.villageName)} · ${String(e.industry)}`,
      async lookup(ids, db) {
        const store = createEnterpriseStore({
          db,
          clock: systemClock,
          industries: settings.industries ?? DEFAULT_INDUSTRIES,
          readAllGroups: [],
        });
        const found = await store.lookup(ids);
        return new Map(
          [...found].map(([id, e]) => [
            id,
            { ...e, checklist: checklistFor(e.industry, settings.checklists) },
          ]),
        );
      },
    },
    village: {
      label: "村(社区)",
      fill: { villageName: "name" },
      async lookup(ids, db) {
        if (ids.length === 0) return new Map();
        const rows = await db.select().from(villages).where(inArray(villages.code, ids));
        return new Map(rows.map((v) => [v.code, { code: v.code, name: v.name }]));
      },
    },
  };
}
