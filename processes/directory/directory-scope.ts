/**
 * Which enterprises a user may read: the township's staff read the whole directory; an
 * enterprise's own users their record; a village's grid officers the village's
 * enterprises. The groups that say so are the ones the directory gives its members
 * (`enterprise-<id>`, `village-<code>`), so the rule matches the processes' visibility.
 *
 * @example
 * ```ts
 * const scope = directoryScope(actor, ["safety-office"]);
 * if (!inScope(scope, enterprise)) throw new NotFoundError("enterprise", id);
 * ```
 */
import type { Actor } from "../../engine/types.js";

export const ENTERPRISE_GROUP_PREFIX = "enterprise-";
export const VILLAGE_GROUP_PREFIX = "village-";

export const enterpriseGroup = (id: string) => `${ENTERPRISE_GROUP_PREFIX}${id}`;
export const villageGroup = (code: string) => `${VILLAGE_GROUP_PREFIX}${code}`;

/** Whether a group is one the directory gives (and takes away). */
export const isDirectoryGroup = (group: string) =>
  group.startsWith(ENTERPRISE_GROUP_PREFIX) || group.startsWith(VILLAGE_GROUP_PREFIX);

export type DirectoryScope =
  { all: true } | { all: false; enterpriseIds: string[]; villageCodes: string[] };

export function directoryScope(actor: Actor, readAllGroups: readonly string[]): DirectoryScope {
  if (actor.groups.some((g) => readAllGroups.includes(g))) return { all: true };
  const suffixes = (prefix: string) =>
    actor.groups.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
  return {
    all: false,
    enterpriseIds: suffixes(ENTERPRISE_GROUP_PREFIX),
    villageCodes: suffixes(VILLAGE_GROUP_PREFIX),
  };
}

export function inScope(scope: DirectoryScope, enterprise: { id: string; village: string }) {
  return (
    scope.all ||
    scope.enterpriseIds.includes(enterprise.id) ||
    scope.villageCodes.includes(enterprise.village)
  );
}
