/**
 * Demo data for a first start on an empty database: users for every group of
 * DOMAIN.md, a handful of enterprises, and hazards, escalations, accidents and
 * tip-offs spread across their states, so the inbox and the dashboard show
 * real work. The passwords are for the demo only.
 *
 * @example
 * ```ts
 * for (const user of demoUsers) await users.create(user);
 * const { instances } = await seedDemo(engine); // 0 when the database already has instances
 * ```
 */
import type { Engine } from "../engine/engine.js";
import type { Actor } from "../engine/types.js";
import type { Directory } from "./directory/directory.js";
import type { MemberPlace } from "./directory/directory-members.js";
import type { NewEnterprise, NewVillage } from "./directory/directory-schemas.js";
import { enterpriseGroup, villageGroup } from "./directory/directory-scope.js";

export interface DemoUser {
  username: string;
  name: string;
  password: string;
  /** The groups the user is created with: directory groups come from the link below. */
  groups: string[];
  orgUnit?: string;
  /** The user's place in the directory. */
  link?: MemberPlace;
}

export interface DemoEnterprise extends NewEnterprise {
  id: string;
}

const DEMO_PASSWORD = "demo1234";

export const demoVillages: NewVillage[] = [
  { code: "tf01", name: "铁峰村" },
  { code: "tf02", name: "新华村" },
  { code: "tf03", name: "河口社区" },
];

// Made-up enterprises with credit codes that pass the GB 32100-2015 check and made-up mobiles.
export const demoEnterprises: DemoEnterprise[] = [
  {
    id: "hongda",
    creditCode: "91360781MA35K2QX4M",
    name: "红达木业有限公司",
    village: "tf01",
    industry: "工贸",
    address: "铁峰村工业路8号",
    scale: "小型",
    principal: { name: "黄志强", mobile: "13800000101" },
    controller: { name: "黄建国", mobile: "13800000102" },
    safetyManager: { name: "刘斌", mobile: "13800000103" },
  },
  {
    id: "lvyuan",
    creditCode: "91360781MA3N7B2L03",
    name: "绿源食品加工厂",
    village: "tf01",
    industry: "工贸",
    address: "铁峰村东组12号",
    scale: "微型",
    principal: { name: "马静", mobile: "13800000201" },
  },
  {
    id: "binhai-cold",
    creditCode: "91360781MA38UY1D6Q",
    name: "滨海冷链物流有限公司",
    village: "tf02",
    industry: "冷库",
    address: "新华村物流园3栋",
    scale: "中型",
    principal: { name: "林海", mobile: "13800000301" },
    controller: { name: "林国栋", mobile: "13800000302" },
  },
  {
    id: "xinda-gas",
    creditCode: "91360781MA39F0HW2K",
    name: "鑫达燃气供应站",
    village: "tf02",
    industry: "燃气",
    address: "新华村208国道旁",
    scale: "小型",
    principal: { name: "徐东", mobile: "13800000401" },
  },
  {
    id: "tiefeng-quarry",
    creditCode: "91360781MA36E4RC9K",
    name: "铁峰石料厂",
    village: "tf03",
    industry: "非煤矿山",
    address: "河口社区石门山",
    scale: "小型",
    principal: { name: "高山", mobile: "13800000501" },
    controller: { name: "高立新", mobile: "13800000502" },
  },
];

const demoPeople: Omit<DemoUser, "password">[] = [
  {
    username: "zhangwei",
    name: "张伟",
    groups: ["safety-office"],
    orgUnit: "铁峰乡应急管理办公室",
  },
  { username: "liuna", name: "刘娜", groups: ["safety-office"], orgUnit: "铁峰乡应急管理办公室" },
  {
    username: "wangqiang",
    name: "王强",
    groups: ["township-leader"],
    orgUnit: "铁峰乡人民政府（分管副乡长）",
  },
  { username: "zhaomin", name: "赵敏", groups: ["sector-dept"], orgUnit: "铁峰乡经济发展办公室" },
  {
    username: "qianli",
    name: "钱丽",
    groups: ["directory-admin"],
    orgUnit: "铁峰乡应急管理办公室（企业档案）",
  },
  {
    username: "chenjun",
    name: "陈军",
    groups: [],
    orgUnit: "铁峰村网格员",
    link: { villageCode: "tf01" },
  },
  {
    username: "lixia",
    name: "李霞",
    groups: [],
    orgUnit: "新华村网格员",
    link: { villageCode: "tf02" },
  },
  {
    username: "zhoupeng",
    name: "周鹏",
    groups: [],
    orgUnit: "河口社区网格员",
    link: { villageCode: "tf03" },
  },
  {
    username: "huangzhiqiang",
    name: "黄志强",
    groups: [],
    orgUnit: "红达木业有限公司",
    link: { enterpriseId: "hongda" },
  },
  {
    username: "majing",
    name: "马静",
    groups: [],
    orgUnit: "绿源食品加工厂",
    link: { enterpriseId: "lvyuan" },
  },
  {
    username: "linhai",
    name: "林海",
    groups: [],
    orgUnit: "滨海冷链物流有限公司",
    link: { enterpriseId: "binhai-cold" },
  },
  {
    username: "xudong",
    name: "徐东",
    groups: [],
    orgUnit: "鑫达燃气供应站",
    link: { enterpriseId: "xinda-gas" },
  },
  {
    username: "gaoshan",
    name: "高山",
    groups: [],
    orgUnit: "铁峰石料厂",
    link: { enterpriseId: "tiefeng-quarry" },
  },
  { username: "sunli", name: "孙力", groups: ["law-enforcement"], orgUnit: "铁峰乡综合行政执法队" },
  { username: "wujing", name: "吴静", groups: ["investigation-team"], orgUnit: "事故调查组" },
  { username: "zhenghao", name: "郑浩", groups: ["discipline"], orgUnit: "铁峰乡纪委" },
  {
    username: "hotline",
    name: "12350热线接口",
    groups: ["integration"],
    orgUnit: "县12350举报热线",
  },
];

export const demoUsers: DemoUser[] = demoPeople.map((user) => ({
  ...user,
  password: DEMO_PASSWORD,
}));

/** A demo user's groups once linked: their own plus the one their directory link gives. */
export function demoGroups(user: DemoUser): string[] {
  if (!user.link) return user.groups;
  const group =
    "enterpriseId" in user.link
      ? enterpriseGroup(user.link.enterpriseId)
      : villageGroup(user.link.villageCode);
  return [...user.groups, group];
}

const villageName = (code: string) => demoVillages.find((v) => v.code === code)?.name ?? code;

/** Files the demo villages and enterprises (nothing when the directory has villages already). */
export async function seedDirectory(directory: Directory, actor: string): Promise<boolean> {
  if ((await directory.villages.list({ limit: 1 })).items.length > 0) return false;
  for (const village of demoVillages) await directory.villages.create(village, actor);
  for (const enterprise of demoEnterprises) await directory.enterprises.create(enterprise, actor);
  return true;
}

function actor(username: string): Actor {
  const user = demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return { id: user.username, groups: demoGroups(user) };
}

const office = actor("zhangwei");
const sectorDept = actor("zhaomin");
const leader = actor("wangqiang");
const team = actor("wujing");
const discipline = actor("zhenghao");
const enterpriseActor = (id: string) =>
  actor(
    demoUsers.find((u) => u.link && "enterpriseId" in u.link && u.link.enterpriseId === id)!
      .username,
  );

/** The grid officer of the enterprise's village (村(社区)网格员). */
const villageOfficer = (enterpriseId: string) =>
  actor(
    demoUsers.find(
      (u) =>
        u.link &&
        "villageCode" in u.link &&
        u.link.villageCode === enterprise(enterpriseId).village,
    )!.username,
  );

function enterprise(id: string): DemoEnterprise {
  const found = demoEnterprises.find((e) => e.id === id);
  if (!found) throw new Error(`no demo enterprise ${id}`);
  return found;
}

/** Seeds the demo; does nothing (0) when the database already holds instances. */
export async function seedDemo(engine: Engine): Promise<{ instances: number }> {
  if ((await engine.instances.list({ limit: 1 })).items.length > 0) return { instances: 0 };

  // Dates relative to the engine's today, in Beijing time.
  const day = (offset: number) =>
    new Date(engine.clock.now().getTime() + 8 * 3600_000 + offset * 86_400_000)
      .toISOString()
      .slice(0, 10);

  /** Completes the open task of `instanceId` that offers `outcome` (a 会签's sub-task: `by`'s own). */
  const complete = async (
    instanceId: string,
    outcome: string,
    data: Record<string, unknown>,
    by: Actor,
  ) => {
    const tasks = (await engine.tasks.list({ instanceId, status: ["open", "claimed"] })).items;
    const offers = tasks.filter((t) => t.outcomes.some((o) => o.event === outcome));
    const task =
      offers.find(
        (t) => t.assignee === by.id || t.candidateGroups.some((g) => by.groups.includes(g)),
      ) ?? offers[0];
    if (!task) throw new Error(`demo seed: no open task offering ${outcome} on ${instanceId}`);
    await engine.tasks.complete(task.id, { outcome, data }, by);
  };

  let count = 0;

  // ---- Hazards ----
  const hazard = async (
    enterpriseId: string,
    title: string,
    source: string,
    foundDaysAgo: number,
  ) => {
    const e = enterprise(enterpriseId);
    count += 1;
    const started = await engine.instances.start(
      "hazard-closure",
      {
        title,
        enterpriseId: e.id,
        source,
        foundAt: day(-foundDaysAgo),
      },
      { actor: office },
    );
    return started.id;
  };
  const plan = (deadline: string, measures: string, funds: number, responsible: string) => ({
    measures,
    funds,
    rectifyDeadline: deadline,
    responsible,
    emergencyPlan: "已编制专项应急预案并组织演练",
  });
  // A self-reported or tipped-off hazard goes to its village's on-site check first.
  const checkOnSite = (id: string, enterpriseId: string, finding: string) =>
    complete(
      id,
      "ON_SITE_CHECKED",
      { asReported: "yes", onSiteFinding: finding },
      villageOfficer(enterpriseId),
    );
  const toRectifying = async (
    id: string,
    enterpriseId: string,
    deadline: string,
    measures: string,
  ) => {
    await complete(id, "CONFIRM_MAJOR", { basis: "对照重大事故隐患判定标准" }, office);
    await complete(
      id,
      "SUBMIT_PLAN",
      plan(deadline, measures, 50000, "企业主要负责人"),
      enterpriseActor(enterpriseId),
    );
    // 会签: the safety office and the sector department both agree.
    await complete(id, "APPROVE_PLAN", { reviewOpinion: "方案可行，同意" }, office);
    await complete(id, "APPROVE_PLAN", { reviewOpinion: "符合行业规范" }, sectorDept);
  };

  await hazard("hongda", "砂光车间除尘系统未设置泄爆装置", "inspection", 1);

  const general = await hazard("lvyuan", "配电箱周边堆放纸箱", "self-report", 2);
  await checkOnSite(general, "lvyuan", "配电箱周边确有纸箱堆放，已当场要求清理");
  await complete(
    general,
    "DOWNGRADE_GENERAL",
    { judgementNote: "属一般隐患，责令立即整改" },
    office,
  );

  const registered = await hazard("binhai-cold", "液氨储罐区未设置泄漏报警装置", "inspection", 5);
  await complete(
    registered,
    "CONFIRM_MAJOR",
    { basis: "冷库企业重大事故隐患判定标准第三条" },
    office,
  );

  const review = await hazard("tiefeng-quarry", "边坡台阶高度超过设计规定", "transfer", 8);
  await complete(review, "CONFIRM_MAJOR", { basis: "金属非金属矿山重大事故隐患判定标准" }, office);
  await complete(
    review,
    "SUBMIT_PLAN",
    plan(day(60), "按设计削坡降段，设置安全平台", 300000, "高山（矿长）"),
    enterpriseActor("tiefeng-quarry"),
  );

  const rectifying = await hazard(
    "xinda-gas",
    "瓶装液化气储存间未设置可燃气体报警器",
    "inspection",
    12,
  );
  await toRectifying(rectifying, "xinda-gas", day(30), "安装可燃气体报警器并与排风联锁");

  const extension = await hazard("hongda", "喷漆房电气设备不防爆", "monitoring", 20);
  await toRectifying(extension, "hongda", day(10), "更换防爆电机和防爆灯具");
  await complete(
    extension,
    "REQUEST_EXTENSION",
    { requestedDeadline: day(40), extensionReason: "防爆电机供货周期长" },
    enterpriseActor("hongda"),
  );

  const acceptance = await hazard("binhai-cold", "冷库穿堂疏散通道被货物堵塞", "self-report", 25);
  await checkOnSite(acceptance, "binhai-cold", "穿堂通道被货物堵塞约 20 米，与上报一致");
  await toRectifying(acceptance, "binhai-cold", day(15), "清理通道，划定禁放区");
  await complete(
    acceptance,
    "SUBMIT_FIX",
    { fixReport: "通道已清理并施划标线" },
    enterpriseActor("binhai-cold"),
  );
  await complete(
    acceptance,
    "RECHECK_PASSED",
    { recheckOpinion: "现场查看通道畅通" },
    actor("lixia"),
  );

  // The village's grid officer has work: an on-site check before judging (a self-reported
  // hazard goes there by itself), a recheck before acceptance.
  await hazard("hongda", "原料堆放占用车间消防通道", "self-report", 1);
  const recheck = await hazard("lvyuan", "油炸车间燃气管道穿越配电室", "inspection", 18);
  await toRectifying(recheck, "lvyuan", day(20), "燃气管道改线，加装燃气泄漏报警");
  await complete(
    recheck,
    "SUBMIT_FIX",
    { fixReport: "燃气管道已改线，报警器已安装" },
    enterpriseActor("lvyuan"),
  );

  const closed = await hazard("tiefeng-quarry", "爆破器材库防雷设施检测过期", "inspection", 40);
  await toRectifying(closed, "tiefeng-quarry", day(20), "委托检测机构检测防雷设施");
  await complete(
    closed,
    "SUBMIT_FIX",
    { fixReport: "已取得检测合格报告" },
    enterpriseActor("tiefeng-quarry"),
  );
  await complete(closed, "RECHECK_PASSED", {}, actor("zhoupeng"));
  await complete(closed, "ACCEPT", { acceptanceOpinion: "验收合格" }, office);

  const dismissed = await hazard("lvyuan", "锅炉房疑似无证操作", "inspection", 6);
  await complete(dismissed, "DISMISS", { reason: "经核实司炉工持证上岗" }, office);

  // Overdue hazards: the demo starts them with a deadline already past (set by the office
  // as it approves the plan), so the overdue timer fires at once and the escalation starts.
  const overdue = async (
    enterpriseId: string,
    title: string,
    measures: string,
    daysLate: number,
  ) => {
    const id = await hazard(enterpriseId, title, "inspection", 60 + daysLate);
    await complete(id, "CONFIRM_MAJOR", { basis: "对照重大事故隐患判定标准" }, office);
    await complete(
      id,
      "SUBMIT_PLAN",
      plan(day(30), measures, 80000, "企业主要负责人"),
      enterpriseActor(enterpriseId),
    );
    // A deadline already past, which no form accepts: set as the embedding code (no actor, no check).
    await engine.instances.send(id, {
      type: "APPROVE_PLAN",
      data: { reviewOpinion: "同意", rectifyDeadline: day(-daysLate) },
    });
    return id;
  };
  await overdue("hongda", "木粉仓未设置防爆门", "增设泄爆门和火花探测装置", 3);
  await overdue("xinda-gas", "钢瓶充装台未设置防静电接地", "加装静电接地报警装置", 8);
  await overdue("binhai-cold", "冷库制冷机房未设置氨气浓度报警", "加装氨气报警仪并与风机联锁", 25);
  await overdue("tiefeng-quarry", "采场未按规定设置边坡监测", "委托设计边坡在线监测系统", 45);
  await overdue("lvyuan", "液化气瓶组间与明火作业区未隔离", "建设独立瓶组间", 70);
  await engine.runDueJobs();
  const escalations = (
    await engine.instances.list({ processKey: "rectification-escalation", limit: 10 })
  ).items;
  count += escalations.length;
  // Every level on show: each document dated in the past, so the waits counted from it are over.
  const escalationOf = (enterpriseId: string) =>
    escalations.find((e) => e.vars.enterpriseId === enterpriseId)!.id;
  const letter = async (enterpriseId: string, no: number, daysAgo: number) => {
    const id = escalationOf(enterpriseId);
    const data = { letterNo: `铁安监督〔2026〕${no}号`, letterSentAt: day(-daysAgo) };
    await complete(id, "LETTER_SENT", data, office);
    await engine.runDueJobs();
    return id;
  };
  const circular = async (id: string, no: number, daysAgo: number) => {
    const data = { circularNo: `铁安委通〔2026〕${no}号`, circularAt: day(-daysAgo) };
    await complete(id, "CIRCULATED", data, leader);
    await engine.runDueJobs();
  };
  const interview = async (id: string, daysAgo: number) => {
    const data = {
      interviewMinutes: "约谈企业主要负责人，指出逾期未整改问题",
      commitments: "一个月内完成整改",
      interviewedAt: day(-daysAgo),
    };
    await complete(id, "INTERVIEWED", data, leader);
    await engine.runDueJobs();
  };
  await letter("xinda-gas", 12, 5); // 函告后观察
  await letter("binhai-cold", 9, 20); // 通报
  await circular(await letter("tiefeng-quarry", 6, 42), 2, 26); // 约谈
  const enforced = await letter("lvyuan", 3, 66);
  await circular(enforced, 1, 50);
  await interview(enforced, 25); // 移交执法

  // ---- Accidents ----
  const accident = async (
    enterpriseId: string,
    title: string,
    figures: { deaths: number; seriousInjuries: number; directLoss: number },
    daysAgo: number,
  ) => {
    const e = enterprise(enterpriseId);
    count += 1;
    const started = await engine.instances.start(
      "accident-investigation",
      {
        title,
        occurredAt: `${day(-daysAgo)}T08:30:00+08:00`,
        location: `${villageName(e.village)}${e.name}`,
        enterpriseId: e.id,
        ...figures,
        summary: title,
      },
      { actor: office },
    );
    return started.id;
  };
  const oneDeath = { deaths: 1, seriousInjuries: 0, directLoss: 1_500_000 };
  const formTeam = async (id: string) => {
    await complete(id, "VERIFIED", { verifyNote: "伤亡和损失核实无误" }, office);
    await complete(
      id,
      "TEAM_FORMED",
      { teamLeader: "乡应急办主任张伟", teamMembers: "应急办、公安派出所、总工会、纪委" },
      office,
    );
  };
  const findings = async (id: string) => {
    await complete(
      id,
      "ENTERPRISE_FINDINGS",
      { enterpriseFindings: "企业未落实安全生产主体责任" },
      team,
    );
    await complete(
      id,
      "REGULATOR_FINDINGS",
      { regulatorFindings: "日常检查未发现该隐患，存在监管缺位" },
      discipline,
    );
  };
  const report = {
    cause: "违章作业，安全管理缺失",
    enterprisePersons: "企业负责人、车间主任",
    enterpriseHandling: "建议依法处罚并追究责任",
    supervisorPersons: "乡应急办检查人员",
    supervisorHandling: "建议诫勉谈话",
    leadershipPersons: "分管副乡长",
    leadershipHandling: "建议责令书面检查",
    preventiveMeasures: "开展同类企业专项整治",
  };

  await accident(
    "lvyuan",
    "绿源食品加工厂烫伤事故",
    { deaths: 0, seriousInjuries: 1, directLoss: 80_000 },
    0,
  );
  const handed = await accident(
    "tiefeng-quarry",
    "铁峰石料厂边坡坍塌事故",
    { deaths: 3, seriousInjuries: 2, directLoss: 6_000_000 },
    3,
  );
  await complete(handed, "VERIFIED", { verifyNote: "核实3人死亡，属较大事故，报县政府" }, office);
  const forming = await accident("hongda", "红达木业机械伤害事故", oneDeath, 4);
  await complete(forming, "VERIFIED", { verifyNote: "核实无误" }, office);
  const investigating = await accident("binhai-cold", "滨海冷链叉车伤害事故", oneDeath, 12);
  await formTeam(investigating);
  const halfway = await accident(
    "xinda-gas",
    "鑫达燃气钢瓶爆燃事故",
    { deaths: 0, seriousInjuries: 2, directLoss: 400_000 },
    20,
  );
  await formTeam(halfway);
  await complete(halfway, "ENTERPRISE_FINDINGS", { enterpriseFindings: "违规充装过期钢瓶" }, team);
  // The team waits for the leader's answer to its 延期申请.
  await complete(
    halfway,
    "REQUEST_REPORT_EXTENSION",
    { extensionReason: "钢瓶爆燃原因的技术鉴定尚未出具", requestedDays: 30 },
    team,
  );
  const approval = await accident("hongda", "红达木业触电事故", oneDeath, 50);
  await formTeam(approval);
  await findings(approval);
  await complete(approval, "REPORT_SUBMITTED", report, team);
  const accountability = await accident("tiefeng-quarry", "铁峰石料厂高处坠落事故", oneDeath, 90);
  await formTeam(accountability);
  await findings(accountability);
  await complete(accountability, "REPORT_SUBMITTED", report, team);
  await complete(accountability, "APPROVE", { approvalNo: "铁政批〔2026〕3号" }, leader);

  // ---- Tip-offs ----
  const tipOff = async (
    content: string,
    channel: string,
    reporter: boolean,
    enterpriseId?: string,
  ) => {
    const e = enterpriseId ? enterprise(enterpriseId) : null;
    count += 1;
    const started = await engine.instances.start(
      "tip-off-reward",
      {
        content,
        channel,
        ...(reporter ? { reporterName: "群众", reporterPhone: "13800000000" } : {}),
        ...(e ? { enterpriseId: e.id } : {}),
      },
      { actor: channel === "12350" ? actor("hotline") : office },
    );
    return started.id;
  };
  const accept = (id: string) => complete(id, "ACCEPT", { acceptNote: "属本乡职责，受理" }, office);

  await tipOff("石料厂夜间违规爆破", "12350", true, "tiefeng-quarry");
  const verifying = await tipOff("燃气站向无证人员销售钢瓶", "app", false, "xinda-gas");
  await accept(verifying);
  const hazardTip = await tipOff("木业公司粉尘堆积严重", "12350", true, "hongda");
  await accept(hazardTip);
  await complete(
    hazardTip,
    "CONFIRMED_HAZARD",
    {
      findings: "砂光车间积尘厚度超标，除尘器未运行",
      hazardTitle: "砂光车间粉尘严重堆积",
      enterpriseId: "hongda",
    },
    office,
  );
  count += 1; // the hazard the tip-off started
  // Its village's officer has checked it on site: the office judges it with the finding.
  const [tippedHazard] = (await engine.instances.list({ parentId: hazardTip, limit: 1 })).items;
  if (tippedHazard)
    await checkOnSite(tippedHazard.id, "hongda", "砂光车间积尘约 5 毫米，除尘器停用，与举报一致");
  const rewarding = await tipOff("冷库违规使用氨制冷未报备", "letter", true, "binhai-cold");
  await accept(rewarding);
  await complete(
    rewarding,
    "CONFIRMED_VIOLATION",
    { findings: "属实，已立案处罚", fine: 200_000 },
    office,
  );
  await complete(rewarding, "INFORMED", { informMethod: "phone" }, office);
  const unfounded = await tipOff("食品厂锅炉无证运行", "email", false, "lvyuan");
  await accept(unfounded);
  await complete(unfounded, "UNFOUNDED", { unfoundedReason: "锅炉已检验合格，司炉工持证" }, office);
  await complete(unfounded, "INFORMED", { informMethod: "anonymous" }, office);
  const transferred = await tipOff("县城某加油站油罐渗漏", "visit", true);
  await complete(transferred, "TRANSFER", { transferTo: "县应急管理局" }, office);

  await engine.runDueJobs();
  return { instances: count };
}
