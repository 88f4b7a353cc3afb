/**
 * Which optional inspections an enterprise runs (issue 15): 班组日排查 and 部门周排查 are
 * switched on or off per industry and per enterprise (`inspection_settings`). An
 * enterprise's own setting wins over its industry's; neither set: off (many townships only
 * require the monthly and the principal's inspections, which cannot be switched off).
 * The directory's `enterprises` source gives each item `dailyInspection` and
 * `weeklyInspection` from here, and the inspections' schedules filter on them.
 *
 * @example
 * ```ts
 * const settings = createInspectionSettings({ db, clock, industries });
 * await settings.set({ scope: "industry", id: "危险化学品" }, { daily: true }, "qianli");
 * (await settings.effective([{ id: "tiefeng", industry: "危险化学品" }])).get("tiefeng");
 * // { daily: true, weekly: false }
 * ```
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Clock } from "../../engine/clock.js";
import { ValidationError } from "../../engine/errors.js";
import type { Db } from "../../engine/store/database.js";
import type { Industry } from "../directory/industries.js";
import { inspectionSettings } from "./inspection-schema.js";

/** The two switches; null: not set here (an enterprise follows its industry; an industry is off). */
export interface InspectionSwitches {
  daily: boolean | null;
  weekly: boolean | null;
}

/** What one scope says, and who said it last. */
export interface InspectionSetting extends InspectionSwitches {
  scope: "industry" | "enterprise";
  id: string;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** What an enterprise runs: on or off, and why. */
export interface EffectiveSwitches {
  daily: boolean;
  weekly: boolean;
}

export interface InspectionSettings {
  /** Every industry's setting (configured industries, unset ones with nulls) and every enterprise's own. */
  list(): Promise<{ industries: InspectionSetting[]; enterprises: InspectionSetting[] }>;
  /** One scope's setting (nulls when unset). */
  get(scope: InspectionSetting["scope"], id: string): Promise<InspectionSetting>;
  /** Sets the switches given (a missing one stays; null clears it). Throws `ValidationError` for an unknown industry. */
  set(
    target: { scope: InspectionSetting["scope"]; id: string },
    switches: Partial<InspectionSwitches>,
    actor: string,
  ): Promise<InspectionSetting>;
  /** What each enterprise runs, by its id (read in `tx` when given, e.g. the firing transaction). */
  effective(
    items: readonly { id: string; industry?: string | null }[],
    tx?: Db,
  ): Promise<Map<string, EffectiveSwitches>>;
}

type Row = typeof inspectionSettings.$inferSelect;

const unset = (scope: InspectionSetting["scope"], id: string): InspectionSetting => ({
  scope,
  id,
  daily: null,
  weekly: null,
  updatedBy: null,
  updatedAt: null,
});

const toSetting = (row: Row): InspectionSetting => ({ ...row });

export function createInspectionSettings(options: {
  db: Db;
  clock: Clock;
  industries: readonly Industry[];
}): InspectionSettings {
  const { db, clock, industries } = options;

  async function get(scope: InspectionSetting["scope"], id: string): Promise<InspectionSetting> {
    const [row] = await db
      .select()
      .from(inspectionSettings)
      .where(and(eq(inspectionSettings.scope, scope), eq(inspectionSettings.id, id)));
    return row ? toSetting(row) : unset(scope, id);
  }

  return {
    async list() {
      const rows = await db.select().from(inspectionSettings);
      const industryRows = new Map(
        rows.filter((r) => r.scope === "industry").map((r) => [r.id, toSetting(r)]),
      );
      return {
        industries: industries.map((i) => industryRows.get(i.name) ?? unset("industry", i.name)),
        enterprises: rows
          .filter((r) => r.scope === "enterprise")
          .map(toSetting)
          .sort((a, b) => a.id.localeCompare(b.id)),
      };
    },
    get,
    async set({ scope, id }, switches, actor) {
      if (scope === "industry" && !industries.some((i) => i.name === id))
        throw new ValidationError("unknown industry", [
          { path: "industry", message: `行业须为：${industries.map((i) => i.name).join("、")}` },
        ]);
      const now = clock.now();
      const given = {
        ...(switches.daily === undefined ? {} : { daily: switches.daily }),
        ...(switches.weekly === undefined ? {} : { weekly: switches.weekly }),
      };
      const [row] = await db
        .insert(inspectionSettings)
        .values({
          scope,
          id,
          daily: null,
          weekly: null,
          ...given,
          updatedBy: actor,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [inspectionSettings.scope, inspectionSettings.id],
          set: { ...given, updatedBy: actor, updatedAt: now },
        })
        .returning();
      return toSetting(row!);
    },
    async effective(items, tx = db) {
      const result = new Map<string, EffectiveSwitches>();
      if (items.length === 0) return result;
      const industryNames = [...new Set(items.flatMap((i) => (i.industry ? [i.industry] : [])))];
      const rows = await tx
        .select()
        .from(inspectionSettings)
        .where(
          or(
            eq(inspectionSettings.scope, "enterprise"),
            industryNames.length > 0
              ? and(
                  eq(inspectionSettings.scope, "industry"),
                  inArray(inspectionSettings.id, industryNames),
                )
              : undefined,
          ),
        );
      const byKey = new Map(rows.map((r) => [`${r.scope}:${r.id}`, r]));
      for (const item of items) {
        const own = byKey.get(`enterprise:${item.id}`);
        const industry = item.industry ? byKey.get(`industry:${item.industry}`) : undefined;
        result.set(item.id, {
          daily: own?.daily ?? industry?.daily ?? false,
          weekly: own?.weekly ?? industry?.weekly ?? false,
        });
      }
      return result;
    },
  };
}
