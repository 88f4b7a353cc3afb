/**
 * Where a user lands after signing in. Someone who only administers (process, user
 * and calendar admins without a group that does case work) has no tasks: an empty inbox tells
 * them nothing, so they land on the process list of the designer. Everyone else lands
 * on their inbox.
 *
 * @example
 * ```ts
 * homePath({ groups: ["process-admin", "user-admin"] }); // "/designer"
 * homePath({ groups: ["safety-office", "process-admin"] }); // "/inbox"
 * ```
 */
const adminGroups = new Set(["process-admin", "user-admin", "calendar-admin"]);

export function homePath(user: { groups: readonly string[] }): string {
  const worksOnCases = user.groups.some((group) => !adminGroups.has(group));
  if (worksOnCases) return "/inbox";
  return user.groups.includes("process-admin") ? "/designer" : "/instances";
}
