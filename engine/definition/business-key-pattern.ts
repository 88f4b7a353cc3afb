/**
 * A definition's business-key pattern (`"businessKey": "铁峰隐〔{year}〕{seq:3}号"`): the
 * placeholders it may hold and the key it gives for a year and a number. The number
 * itself is allocated by the start's transaction (engine/service/instances.ts), per
 * process and year, without gaps.
 *
 * @example
 * ```ts
 * formatBusinessKey("铁峰隐〔{year}〕{seq:3}号", 2026, 7); // "铁峰隐〔2026〕007号"
 * ```
 */

const PLACEHOLDER = /\{([^{}]*)\}/g;
const SEQ = /^seq(?::([1-9]|10))?$/;

/** What is wrong with a pattern (Chinese, for people), or null when it is usable. */
export function businessKeyPatternProblem(pattern: string): string | null {
  let seqs = 0;
  for (const [, name = ""] of pattern.matchAll(PLACEHOLDER)) {
    if (SEQ.test(name)) seqs++;
    else if (name !== "year")
      return `未知的占位符 {${name}}：只能用 {year}、{seq} 或 {seq:位数}（1–10）`;
  }
  if (seqs !== 1) return "须包含且只包含一个流水号 {seq} 或 {seq:位数}";
  return null;
}

/** The key for `year` and the year's number `seq`: `{seq:3}` pads with zeros to 3 digits. */
export function formatBusinessKey(pattern: string, year: number, seq: number): string {
  return pattern.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === "year") return String(year);
    const match = SEQ.exec(name);
    if (!match) return whole;
    return String(seq).padStart(Number(match[1] ?? 1), "0");
  });
}
