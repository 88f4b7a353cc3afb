/**
 * A January (2027) of the demo directory whose 晾晒 figures were worked out by hand, for the
 * ranking's API, Excel and print tests. Inspections are started by hand with their due dates
 * (their schedules are paused first); the clock walks the month.
 *
 * By hand, January 2027 (December 2026 for the period before):
 * - 铁峰村 (tf01): hongda's monthly on time, lvyuan's late → on time 1/2 (50%);
 *   hongda's December monthly was missed → December 0/1.
 * - 新华村 (tf02): binhai-cold's monthly on time and its principal's (high-risk: monthly)
 *   missed, xinda-gas's monthly missed → 1/3 (33.3%); binhai-cold's major hazard in
 *   rectification (deadline in March) → overdue 0/1; xinda-gas's general hazard closed in
 *   time → closed on time 1/1.
 * - 河口社区 (tf03): tiefeng-quarry's monthly and a daily check on time → 2/2 (100%); its
 *   major hazard's deadline (01-20) passed → overdue 1/1, and its 督办 (started 01-21, still
 *   open) reached 函告 → 函告 1/1, 通报 0/1, 约谈 0/1 (denominator: 督办 open at any time
 *   in the period). No 督办 was open in December; in February the same one is open and
 *   reaches no level → 0/1 each.
 * Ranked: 河口社区, 铁峰村, 新华村. Totals: on time 4/7, late 1, missed 2, overdue 1/2,
 * 函告 1/1.
 */
import type { ManualClock } from "../../engine/clock.js";
import type { Engine } from "../../engine/engine.js";
import type { Actor } from "../../engine/types.js";
import { checklistFor } from "../../processes/inspection/checklists.js";

const actorIn = (group: string, n = 0): Actor => ({ id: `user-${n}-of-${group}`, groups: [group] });

/** Completes the open task offering `outcome` (each sub-task of a 会签 as its own user). */
async function complete(engine: Engine, instanceId: string, outcome: string, data = {}) {
  for (let n = 0; ; n += 1) {
    const tasks = (await engine.tasks.list({ instanceId, status: ["open", "claimed"] })).items;
    const task = tasks.find((t) => t.outcomes.some((o) => o.event === outcome));
    if (!task) return;
    await engine.tasks.complete(task.id, { outcome, data }, actorIn(task.candidateGroups[0]!, n));
  }
}

const passed = (industry: string) => ({
  items: checklistFor(industry).map((item) => ({ item, result: "合格" })),
  inspector: "检查人",
});

export async function playJanuary(engine: Engine, clock: ManualClock): Promise<void> {
  // Every inspection here is started by hand: the regime's schedules would add their own.
  for (const schedule of await engine.schedules.list())
    if (schedule.processKey.startsWith("inspection-") && schedule.active && !schedule.paused)
      await engine.schedules.pause(schedule.processKey, schedule.key, {
        actor: actorIn("process-admin"),
        reason: "手工演示的一月",
      });
  const start = (key: string, enterpriseId: string, dueAt?: string) =>
    engine.instances.start(key, { enterpriseId, ...(dueAt ? { dueAt } : {}) });

  clock.set("2026-12-01T09:00:00+08:00");
  await start("inspection-monthly", "hongda"); // due 2026-12-31, never done

  clock.set("2027-01-04T09:00:00+08:00");
  const hongda = await start("inspection-monthly", "hongda");
  const lvyuan = await start("inspection-monthly", "lvyuan");
  const binhai = await start("inspection-monthly", "binhai-cold");
  await start("inspection-leadership", "binhai-cold"); // high-risk: due 2027-01-29, never done
  await start("inspection-monthly", "xinda-gas"); // never done
  const quarry = await start("inspection-monthly", "tiefeng-quarry");

  const hazard = (enterpriseId: string, title: string) =>
    engine.instances.start("hazard-closure", {
      title,
      enterpriseId,
      source: "inspection",
      foundAt: "2027-01-04",
    });
  const plan = (rectifyDeadline: string) => ({
    measures: "停用并整改",
    funds: 10000,
    rectifyDeadline,
    responsible: "主要负责人",
    emergencyPlan: "专项应急预案",
  });
  const quarryHazard = await hazard("tiefeng-quarry", "边坡台阶高度超过设计规定");
  await complete(engine, quarryHazard.id, "CONFIRM_MAJOR", {
    basis: "金属非金属矿山重大事故隐患判定标准",
  });
  await complete(engine, quarryHazard.id, "SUBMIT_PLAN", plan("2027-01-20"));
  await complete(engine, quarryHazard.id, "APPROVE_PLAN", {});
  const coldHazard = await hazard("binhai-cold", "液氨储罐区未设置泄漏报警装置");
  await complete(engine, coldHazard.id, "CONFIRM_MAJOR", { basis: "冷库重大事故隐患判定标准" });
  await complete(engine, coldHazard.id, "SUBMIT_PLAN", plan("2027-03-31"));
  await complete(engine, coldHazard.id, "APPROVE_PLAN", {});
  const gasHazard = await hazard("xinda-gas", "灭火器过期");
  await complete(engine, gasHazard.id, "DOWNGRADE_GENERAL", {});

  clock.set("2027-01-05T10:00:00+08:00");
  const daily = await start("inspection-daily", "tiefeng-quarry");
  await complete(engine, daily.id, "DONE", passed("非煤矿山"));
  await complete(engine, gasHazard.id, "FIXED", { evidence: "已更换灭火器" });

  clock.set("2027-01-20T15:00:00+08:00");
  await complete(engine, hongda.id, "DONE", passed("工贸"));
  await complete(engine, binhai.id, "DONE", passed("冷库"));
  await complete(engine, quarry.id, "DONE", passed("非煤矿山"));

  clock.set("2027-01-21T09:00:00+08:00"); // the quarry's deadline has passed
  await engine.runDueJobs();
  clock.set("2027-01-30T09:00:00+08:00"); // every January inspection is due
  await engine.runDueJobs();
  clock.set("2027-02-01T10:00:00+08:00");
  await complete(engine, lvyuan.id, "DONE", passed("工贸"));
}
