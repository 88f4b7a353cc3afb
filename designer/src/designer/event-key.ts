/**
 * The event key of an outcome an admin names in Chinese: a stable ASCII key, so that
 * the same name always gives the same key (the key is what the API, the history and
 * `on` use). Common workflow words have readable keys (通过 → APPROVE); any other name
 * gets `OUTCOME_` and a short hash of the name; Latin letters and digits are kept.
 *
 * @example
 * ```ts
 * eventKeyFor("通过");                         // "APPROVE"
 * eventKeyFor("复查合格");                     // "RECHECK_PASSED"
 * eventKeyFor("转交村里核实");                 // "OUTCOME_1K2J9Q" (always the same for this name)
 * eventKeyFor("通过", new Set(["APPROVE"]));   // "APPROVE_2"
 * ```
 */

/** Whole names first (the longest match wins), so that 不通过 is not read as 通过. */
const glossary: [string, string][] = [
  ["复查合格", "RECHECK_PASSED"],
  ["复查不合格", "RECHECK_FAILED"],
  ["审核通过", "APPROVE"],
  ["审核不通过", "REJECT"],
  ["验收通过", "ACCEPT"],
  ["验收不通过", "FAIL"],
  ["不予受理", "DECLINE"],
  ["不同意", "REJECT"],
  ["不通过", "REJECT"],
  ["不合格", "FAIL"],
  ["已完成", "DONE"],
  ["已整改", "FIXED"],
  ["退回修改", "RETURN"],
  ["同意", "APPROVE"],
  ["通过", "APPROVE"],
  ["批准", "APPROVE"],
  ["驳回", "REJECT"],
  ["拒绝", "REJECT"],
  ["退回", "RETURN"],
  ["完成", "DONE"],
  ["办结", "DONE"],
  ["提交", "SUBMIT"],
  ["确认", "CONFIRM"],
  ["复查", "RECHECK"],
  ["复核", "RECHECK"],
  ["核实", "VERIFIED"],
  ["合格", "PASS"],
  ["受理", "ACCEPT"],
  ["上报", "REPORT"],
  ["转办", "FORWARD"],
  ["延期", "EXTEND"],
  ["取消", "CANCEL"],
  ["整改", "RECTIFY"],
];

/** FNV-1a over the UTF-16 code units: small, stable, good enough to tell names apart. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).toUpperCase().padStart(6, "0").slice(-6);
}

function baseKey(label: string): string {
  const name = label.trim();
  const known = glossary.find(([word]) => word === name);
  if (known) return known[1];
  if (/^[A-Za-z][A-Za-z0-9 _-]*$/.test(name))
    return name
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/_+$/, "")
      .toUpperCase();
  return `OUTCOME_${hashOf(name)}`;
}

/** A key for the outcome `label` that is not in `taken`. */
export function eventKeyFor(label: string, taken: ReadonlySet<string> = new Set()): string {
  const base = baseKey(label);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
