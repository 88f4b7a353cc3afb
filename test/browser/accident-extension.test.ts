/**
 * Issue 14: the accident report's extension on the task pages. The investigation team files
 * a 延期申请 (reason and days) from its inbox; the township leader approves it on the task
 * page, the case shows the moved deadline, and the history names who applied and who
 * approved, in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;
let accidentId: string;

/** A Beijing calendar day `offset` days from today. */
const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function completeTask(username: string, outcome: string, data: Record<string, unknown>) {
  const tasks = await harness.api<{ items: { id: string; outcomes: { event: string }[] }[] }>(
    username,
    "GET",
    `/tasks?instanceId=${accidentId}`,
  );
  const task = tasks.body.items.find((t) => t.outcomes.some((o) => o.event === outcome));
  if (!task) throw new Error(`no task offering ${outcome}`);
  const done = await harness.api(username, "POST", `/tasks/${task.id}/complete`, { outcome, data });
  if (done.status !== 200) throw new Error(`${outcome}: ${JSON.stringify(done.body)}`);
}

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-wang", "应急办 王芳", ["safety-office"]);
  await harness.createUser("team-li", "调查组 李明", ["investigation-team"]);
  await harness.createUser("leader-sun", "分管领导 孙涛", ["township-leader"]);
  await harness.fileEnterprise({ id: "E301", village: "V31", industry: "工贸" });
  const started = await harness.api<{ id: string }>("office-wang", "POST", "/instances", {
    processKey: "accident-investigation",
    variables: {
      title: "砂光车间机械伤害事故",
      occurredAt: `${day(-1)}T07:40:00+08:00`,
      location: "砂光车间",
      enterpriseId: "E301",
      deaths: 1,
      seriousInjuries: 0,
      directLoss: 1_200_000,
    },
  });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  accidentId = started.body.id;
  await completeTask("office-wang", "VERIFIED", { verifyNote: "核实无误" });
  await completeTask("office-wang", "TEAM_FORMED", {
    teamLeader: "乡应急办主任",
    teamMembers: "应急办、公安、总工会",
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("the accident report's extension", () => {
  it("is applied for by the team and approved by the leader on the task pages", async () => {
    const team = await harness.signIn("team-li");
    const request = team.page.locator(".task-card", { hasText: "申请延长调查报告期限" });
    await eventually(() => request.count()).toBe(1);
    await request.locator("a").click();
    await team.page.waitForURL(/\/tasks\//);
    // Days above the legal 60 are refused, with the field named in Chinese.
    await team.page.getByLabel("延期理由").fill("设备技术鉴定报告尚未出具");
    await team.page.getByLabel("申请延长天数").fill("61");
    await team.page.getByRole("button", { name: "提交延期申请" }).click();
    await eventually(() => team.page.locator("body").textContent()).toContain("申请延长天数");
    expect(team.page.url()).toMatch(/\/tasks\//);
    await team.page.getByLabel("申请延长天数").fill("30");
    await team.page.getByRole("button", { name: "提交延期申请" }).click();
    await team.page.waitForURL(/\/inbox/);
    await team.context.close();

    const leader = await harness.signIn("leader-sun");
    const review = leader.page.locator(".task-card", { hasText: "审批调查报告延期申请" });
    await eventually(() => review.count()).toBe(1);
    await review.locator("a").click();
    await leader.page.waitForURL(/\/tasks\//);
    // Approval without the approval's number is refused at that field.
    await leader.page.getByRole("button", { name: "批准延期" }).click();
    await eventually(() => leader.page.locator("body").textContent()).toContain(
      "批准延期须填写批准文号",
    );
    await leader.page.getByLabel("延期批准（文号）").fill("铁政函〔2026〕9号");
    await leader.page.getByRole("button", { name: "批准延期" }).click();
    await leader.page.waitForURL(/\/inbox/);

    await leader.page.goto(`${harness.url}/instances/${accidentId}`);
    const timeline = leader.page.locator(".timeline");
    await eventually(() => timeline.textContent()).toContain("分管领导 孙涛");
    const text = (await timeline.textContent()) ?? "";
    expect(text).toContain("调查组 李明");
    expect(text).toContain("提交延期申请");
    expect(text).toContain("批准延期");
    expect(text).not.toContain("EXTEND_REPORT");
    expect(text).not.toContain("REQUEST_REPORT_EXTENSION");
    // 60 days from the team's formation today, and the 30 granted.
    expect(await leader.page.locator("body").textContent()).toContain(day(90));
    await harness.screenshot(leader.page, "accident-extension-approved");
    await leader.context.close();

    const instance = await harness.api<{ vars: Record<string, unknown> }>(
      "office-wang",
      "GET",
      `/instances/${accidentId}`,
    );
    expect(instance.body.vars).toMatchObject({
      reportExtended: true,
      grantedDays: 30,
      reportDueAt: day(90),
    });
  });
});
