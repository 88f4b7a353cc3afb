/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over `0-9A-HJ-NPQRTUWXY`; the last is a
 * check character, 31 − (Σ valueᵢ × 3ⁱ mod 31) mod 31, over the first 17.
 *
 * @example
 * ```ts
 * creditCodeProblem("91350100M000100Y43"); // null
 * creditCodeProblem("91350100M000100Y44"); // "第18位（校验码）不正确"
 * ```
 */

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper case, spaces removed: how codes are compared and stored. */
export function normalizeCreditCode(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/** The check character that the first 17 characters call for. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** What is wrong with a (normalized) code, naming the position, or null when it is valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `须为18位，实为${code.length}位`;
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(code[i]!))
      return `第${i + 1}位字符不合法（只可为数字及除I、O、S、V、Z外的大写字母）`;
  }
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return "第18位（校验码）不正确";
  return null;
}
