/**
 * The industries an enterprise may be filed under, with the national classification's
 * code (GB/T 4754-2017 国民经济行业分类) where one applies. A township configures its own
 * list with `createSafetyDomain({ industries })`.
 */

export interface Industry {
  name: string;
  /** GB/T 4754-2017 section or class, when one fits the whole industry. */
  code?: string;
  /** Counted as 高危行业 by default (an admin may also mark any enterprise high-risk). */
  highRisk?: boolean;
}

export const DEFAULT_INDUSTRIES: readonly Industry[] = [
  { name: "工贸" },
  { name: "危险化学品", code: "C26", highRisk: true },
  { name: "燃气", code: "D45", highRisk: true },
  { name: "非煤矿山", code: "B", highRisk: true },
  { name: "冷库", code: "G593", highRisk: true },
  { name: "建筑施工", code: "E" },
  { name: "交通运输", code: "G" },
  { name: "人员密集场所" },
];
