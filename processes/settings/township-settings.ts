/**
 * The township's rules that the processes follow (DOMAIN.md, “An approved extension and a
 * running escalation”): `escalationAfterExtension` says whether an approved extension of a
 * hazard's rectification ends its running escalation (`end`, the default) or suspends it, to
 * continue at the level it had reached if the hazard is overdue again (`continue`).
 * The escalation reads the rule when it starts (the directory's `enterprise` reference fills
 * its `afterExtension`), so a change applies to escalations started after it.
 *
 * @example
 * ```ts
 * const settings = createTownshipSettings({ db, clock });
 * await settings.set({ escalationAfterExtension: "continue" }, "qianli");
 * (await settings.get()).escalationAfterExtension; // "continue"
 * ```
 */
import { inArray } from "drizzle-orm";
import type { Clock } from "../../engine/clock.js";
import type { Db } from "../../engine/store/database.js";
import { townshipSettings } from "./township-settings-schema.js";

export const ESCALATION_AFTER_EXTENSION = ["end", "continue"] as const;
export type EscalationAfterExtension = (typeof ESCALATION_AFTER_EXTENSION)[number];

/** The rules, each with its value (the default when never set). */
export interface TownshipRules {
  escalationAfterExtension: EscalationAfterExtension;
}

/** The rules, and who changed them last (null: never changed, all defaults). */
export interface TownshipSettingsState extends TownshipRules {
  updatedBy: string | null;
  updatedAt: Date | null;
}

export const DEFAULT_TOWNSHIP_RULES: Readonly<TownshipRules> = {
  escalationAfterExtension: "end",
};

const KEYS = Object.keys(DEFAULT_TOWNSHIP_RULES) as (keyof TownshipRules)[];

export interface TownshipSettings {
  get(): Promise<TownshipSettingsState>;
  /** Sets the rules given; the others stay. */
  set(rules: Partial<TownshipRules>, actor: string): Promise<TownshipSettingsState>;
}

/** The rules as stored, read in `db` (a transaction of the engine's, e.g. a start's). */
export async function readTownshipRules(db: Db): Promise<TownshipSettingsState> {
  const rows = await db.select().from(townshipSettings).where(inArray(townshipSettings.key, KEYS));
  const state: TownshipSettingsState = {
    ...DEFAULT_TOWNSHIP_RULES,
    updatedBy: null,
    updatedAt: null,
  };
  for (const row of rows) {
    if (
      row.key === "escalationAfterExtension" &&
      (ESCALATION_AFTER_EXTENSION as readonly string[]).includes(row.value)
    )
      state.escalationAfterExtension = row.value as EscalationAfterExtension;
    if (!state.updatedAt || row.updatedAt > state.updatedAt) {
      state.updatedAt = row.updatedAt;
      state.updatedBy = row.updatedBy;
    }
  }
  return state;
}

export function createTownshipSettings(options: { db: Db; clock: Clock }): TownshipSettings {
  const { db, clock } = options;
  return {
    get: () => readTownshipRules(db),
    async set(rules, actor) {
      const now = clock.now();
      const entries = KEYS.flatMap((key) => {
        const value = rules[key];
        return value === undefined ? [] : [{ key, value, updatedBy: actor, updatedAt: now }];
      });
      for (const entry of entries) {
        await db
          .insert(townshipSettings)
          .values(entry)
          .onConflictDoUpdate({
            target: townshipSettings.key,
            set: { value: entry.value, updatedBy: actor, updatedAt: now },
          });
      }
      return readTownshipRules(db);
    },
  };
}
