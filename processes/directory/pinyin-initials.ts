/**
 * Pinyin initials of a name (`铁峰化工有限公司` → `tfhgyxgs`), kept in a column when a
 * record is saved so that the picker finds `tfhg` without computing anything per query.
 * Letters and digits in the name are kept as they are (lower case).
 *
 * @example
 * ```ts
 * pinyinInitials("铁峰村"); // "tfc"
 * ```
 */
import { pinyin } from "pinyin-pro";

export function pinyinInitials(name: string): string {
  const firsts = pinyin(name, { pattern: "first", toneType: "none", type: "array" });
  return firsts
    .join("")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
