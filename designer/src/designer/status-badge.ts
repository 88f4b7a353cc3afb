/**
 * The badge beside the process name: which version is shown, and whether the draft
 * differs from the published version (right after publishing it does not).
 *
 * @example
 * ```ts
 * statusBadge({ viewVersion: null, publishedVersion: 3, draftDiffers: false }); // "已发布第 3 版"
 * statusBadge({ viewVersion: null, publishedVersion: 3, draftDiffers: true });  // "已发布第 3 版 · 草稿有修改"
 * ```
 */

export function statusBadge({
  viewVersion,
  publishedVersion,
  draftDiffers,
}: {
  viewVersion: number | null;
  publishedVersion: number | null;
  draftDiffers: boolean;
}): string {
  if (viewVersion !== null) return `第 ${viewVersion} 版 · 只读`;
  if (publishedVersion === null) return "未发布 · 草稿";
  return draftDiffers
    ? `已发布第 ${publishedVersion} 版 · 草稿有修改`
    : `已发布第 ${publishedVersion} 版`;
}

/** JSON with object keys sorted: the database stores definitions with keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Whether two definitions say the same, whatever the order of their keys. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
