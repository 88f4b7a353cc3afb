/**
 * Names of the groups the directory hands out: `enterprise-<id>` is the enterprise's name,
 * `village-<code>` the village's (“铁峰村网格员”), read as named today.
 *
 * @example
 * ```ts
 * await directoryGroupNames(db, ["enterprise-hongda", "village-tf01"]);
 * // Map { "enterprise-hongda" → "宏达化工有限公司", "village-tf01" → "铁峰村网格员" }
 * ```
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../engine/store/database.js";
import { enterprises, villages } from "./directory-schema.js";
import {
  ENTERPRISE_GROUP_PREFIX,
  VILLAGE_GROUP_PREFIX,
  enterpriseGroup,
  villageGroup,
} from "./directory-scope.js";

export async function directoryGroupNames(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const suffixes = (prefix: string) =>
    keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  const enterpriseIds = suffixes(ENTERPRISE_GROUP_PREFIX);
  const villageCodes = suffixes(VILLAGE_GROUP_PREFIX);
  const [enterpriseRows, villageRows] = await Promise.all([
    enterpriseIds.length === 0
      ? []
      : db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, enterpriseIds)),
    villageCodes.length === 0
      ? []
      : db
          .select({ code: villages.code, name: villages.name })
          .from(villages)
          .where(inArray(villages.code, villageCodes)),
  ]);
  return new Map([
    ...enterpriseRows.map((e) => [enterpriseGroup(e.id), e.name] as const),
    ...villageRows.map((v) => [villageGroup(v.code), `${v.name}网格员`] as const),
  ]);
}
