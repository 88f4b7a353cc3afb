/**
 * The directory of villages and enterprises, as one object over the database: what the
 * routes, the seed, the import and the engine's `x-ref` resolvers use.
 *
 * @example
 * ```ts
 * const directory = createDirectory({ db: engine.database.db, clock: engine.clock });
 * await directory.villages.create({ code: "tf01", name: "铁峰村" }, "admin");
 * ```
 */
import type { Clock } from "../../engine/clock.js";
import type { InspectionChecklists } from "../inspection/checklists.js";
import type { Db } from "../../engine/store/database.js";
import { createDirectoryMembers, type DirectoryMembers } from "./directory-members.js";
import { createEnterpriseStore, type EnterpriseStore } from "./enterprise-store.js";
import { DEFAULT_INDUSTRIES, type Industry } from "./industries.js";
import { createVillageStore, type VillageStore } from "./village-store.js";

export interface DirectorySettings {
  /** The industries an enterprise may be filed under (default `DEFAULT_INDUSTRIES`). */
  industries?: readonly Industry[];
  /** Groups that read every enterprise; others read their own enterprise or their village's. */
  readAllGroups?: readonly string[];
  /** The inspections' checklists by industry (default `DEFAULT_CHECKLISTS`). */
  checklists?: InspectionChecklists;
}

export interface Directory {
  villages: VillageStore;
  enterprises: EnterpriseStore;
  members: DirectoryMembers;
  industries: readonly Industry[];
}

export const DEFAULT_READ_ALL_GROUPS = [
  "directory-admin",
  "process-admin",
  "safety-office",
  "township-leader",
  "sector-dept",
  "law-enforcement",
  "investigation-team",
  "discipline",
  "integration",
] as const;

export function createDirectory(options: { db: Db; clock: Clock } & DirectorySettings): Directory {
  const industries = options.industries ?? DEFAULT_INDUSTRIES;
  return {
    villages: createVillageStore(options.db, options.clock),
    enterprises: createEnterpriseStore({
      db: options.db,
      clock: options.clock,
      industries,
      readAllGroups: options.readAllGroups ?? DEFAULT_READ_ALL_GROUPS,
    }),
    members: createDirectoryMembers(options.db, options.clock),
    industries,
  };
}
