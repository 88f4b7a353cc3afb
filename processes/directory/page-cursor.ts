/**
 * Keyset paging over the directory's (initials, key) order: the cursor is the last
 * row's pair, opaque to callers.
 */
import { and, eq, gt, or, type AnyColumn, type SQL } from "drizzle-orm";

export function encodePageCursor(initials: string, key: string): string {
  return Buffer.from(JSON.stringify([initials, key])).toString("base64url");
}

/** The condition for rows after the cursor; undefined for the first page or a malformed cursor's nothing. */
export function afterCursor(
  cursor: string | undefined,
  initials: AnyColumn,
  key: AnyColumn,
): SQL | undefined {
  if (!cursor) return undefined;
  let pair: unknown;
  try {
    pair = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    pair = null;
  }
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((p) => typeof p === "string"))
    return eq(key, "\u0000never");
  const [i, k] = pair as [string, string];
  return or(gt(initials, i), and(eq(initials, i), gt(key, k)));
}

/** `%text%` for ilike, with the pattern characters of the text escaped. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
