/**
 * Sources a schedule's `forEach` names: the embedding application lists the
 * items (each with an `id`), the engine filters them with the schedule's FEEL
 * and starts one instance per item and slot. The engine knows nothing of what
 * the items are.
 *
 * @example
 * ```ts
 * const engine = await createEngine({
 *   sources: {
 *     enterprises: { label: "企业", unit: "家", list: async ({ db }) => loadEnterprises(db) },
 *     shops: async () => [{ id: "north", city: "杭州" }],
 *   },
 * });
 * ```
 */
import type { Db } from "../store/database.js";

/** One item: its `id` (a string or number) keys the slot, the rest is read by FEEL as `item`. */
export interface ScheduleItem {
  id: string | number;
  [field: string]: unknown;
}

/** What a source is asked: the firing transaction's database handle and the slot. */
export interface SourceQuery {
  db: Db;
  processKey: string;
  scheduleKey: string;
  /** The slots being fired (one list serves them all). */
  slots: Date[];
}

export type ScheduleSourceList = (query: SourceQuery) => Promise<ScheduleItem[]>;

/** A source with words for it (`每家企业`): `label` 企业, `unit` (量词) 家. */
export interface ScheduleSource {
  label?: string;
  unit?: string;
  list: ScheduleSourceList;
}

/** A source as the engine keeps it. */
export interface RegisteredSource {
  name: string;
  label: string;
  unit: string;
  list: ScheduleSourceList;
}

/** The sources given to `createEngine`, by name; a plain function is a source named by its key. */
export function registerSources(
  sources: Record<string, ScheduleSource | ScheduleSourceList> = {},
): Map<string, RegisteredSource> {
  return new Map(
    Object.entries(sources).map(([name, source]) => {
      const given = typeof source === "function" ? { list: source } : source;
      return [
        name,
        { name, label: given.label ?? name, unit: given.unit ?? "个", list: given.list },
      ] as const;
    }),
  );
}
