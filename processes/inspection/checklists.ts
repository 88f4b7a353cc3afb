/**
 * The checklists of the 日周月 inspections and the principal's inspection: the items every
 * enterprise checks, then its industry's own (by the industry's name in the directory).
 * The enterprise reference fills an inspection's `checklist` variable from here when the
 * inspection starts; a township passes its own with `createSafetyDomain({ checklists })`.
 *
 * @example
 * ```ts
 * checklistFor("燃气"); // ["安全生产责任制和操作规程落实", …, "燃气泄漏报警装置完好有效", …]
 * ```
 */

export interface InspectionChecklists {
  /** Items for every enterprise, checked first. */
  common: readonly string[];
  /** Items of one industry, after the common ones. */
  byIndustry: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_CHECKLISTS: InspectionChecklists = {
  common: [
    "安全生产责任制和操作规程落实",
    "从业人员持证上岗、岗前安全培训",
    "安全出口、疏散通道畅通，应急照明完好",
    "消防器材配置齐全、在有效期内",
    "上次排查发现问题的整改情况",
  ],
  byIndustry: {
    工贸: ["粉尘涉爆场所除尘系统及清扫记录", "有限空间作业审批和监护", "机械设备防护罩完好"],
    危险化学品: [
      "重大危险源监测监控系统运行正常",
      "危险化学品储存分区分类、数量不超限",
      "动火、受限空间等特殊作业票证齐全",
    ],
    燃气: [
      "燃气泄漏报警装置完好有效",
      "储气设施压力、阀门和管线无泄漏",
      "气瓶检验合格、充装记录完整",
    ],
    非煤矿山: ["边坡、采场稳定，无超高陡帮开采", "爆破器材领用退回登记", "排水和防洪设施完好"],
    冷库: [
      "氨制冷系统无泄漏、报警和喷淋装置完好",
      "库房保温材料不属易燃材料",
      "库内人员报警装置有效",
    ],
    建筑施工: ["脚手架、模板支撑验收合格", "起重机械检验合格并有专人指挥", "临边洞口防护到位"],
    交通运输: ["车辆年检和动态监控在线", "驾驶员资质和疲劳驾驶管控", "危险货物运输证件齐全"],
    人员密集场所: ["疏散指示标志和应急照明有效", "电气线路无私拉乱接", "消防控制室人员持证值守"],
  },
};

/** The items an enterprise of `industry` checks: the common ones, then its industry's. */
export function checklistFor(
  industry: string,
  checklists: InspectionChecklists = DEFAULT_CHECKLISTS,
): string[] {
  return [...checklists.common, ...(checklists.byIndustry[industry] ?? [])];
}
