/**
 * 会签 in the browser: a major hazard's plan review is two parallel sub-tasks, one in the
 * safety office's inbox and one in the sector department's; the case page shows both votes
 * as they come in, and the second approval moves the case on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  reportMajorHazard,
  startBrowserHarness,
  type BrowserHarness,
} from "./support/browser-harness.js";

let harness: BrowserHarness;
let hazardId: string;

const inDays = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function completeTask(username: string, outcome: string, data: Record<string, unknown>) {
  const tasks = await harness.api<{ items: { id: string; outcomes: { event: string }[] }[] }>(
    username,
    "GET",
    `/tasks?instanceId=${hazardId}`,
  );
  const task = tasks.body.items.find((t) => t.outcomes.some((o) => o.event === outcome));
  if (!task) throw new Error(`no task offering ${outcome}`);
  const done = await harness.api(username, "POST", `/tasks/${task.id}/complete`, { outcome, data });
  if (done.status !== 200) throw new Error(`${outcome}: ${JSON.stringify(done.body)}`);
}

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-wang", "应急办 王芳", ["safety-office"]);
  await harness.createUser("sector-zhao", "经发办 赵敏", ["sector-dept"]);
  await harness.createUser("ent-e003", "铁峰纸业 周立", ["enterprise-E003"]);
  hazardId = await reportMajorHazard(harness, "office-wang", {
    title: "造纸车间粉尘未清理",
    enterpriseId: "E003",
    village: "V01",
    industry: "工贸",
  });
  await completeTask("ent-e003", "SUBMIT_PLAN", {
    measures: "每班清理粉尘，加装除尘",
    funds: 20000,
    rectifyDeadline: inDays(30),
    responsible: "周立",
    emergencyPlan: "粉尘爆炸应急预案",
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("会签 plan review", () => {
  it("shows two parallel votes on the case, and the second approval moves it on", async () => {
    await completeTask("office-wang", "APPROVE_PLAN", { reviewOpinion: "同意" });

    const { context, page } = await harness.signIn("sector-zhao");
    const card = page.locator(".task-card", { hasText: "造纸车间粉尘未清理" });
    await eventually(() => card.textContent()).toContain("审核治理方案");

    await page.goto(`${harness.url}/instances/${hazardId}`);
    const ballots = page.getByTestId("ballots");
    await eventually(() => ballots.locator("tbody tr").count()).toBe(2);
    const rows = await ballots.locator("tbody tr").allTextContents();
    // Groups and people by name (issue 14), never by key or username.
    expect(rows[0]).toContain("安监办");
    expect(rows[0]).toContain("同意方案");
    expect(rows[0]).toContain("应急办 王芳");
    expect(rows[1]).toContain("行业主管部门");
    expect(rows[1]).toContain("待表决");
    expect(await ballots.locator("caption").textContent()).toContain("1/2");
    await harness.screenshot(page, "countersign-ballots");

    await page.goto(`${harness.url}/inbox`);
    await card.locator("a").click();
    await page.waitForURL(/\/tasks\//);
    await page.getByLabel("审核意见").fill("符合行业规范");
    await page.getByRole("button", { name: "同意方案" }).click();
    await page.waitForURL(/\/inbox/);

    await page.goto(`${harness.url}/instances/${hazardId}`);
    await eventually(() => page.locator(".page-head, .facts").first().textContent()).toBeTruthy();
    await eventually(() => page.getByTestId("ballots").count()).toBe(0);
    await eventually(() => page.locator(".timeline").textContent()).toContain(
      "应急办 王芳 表决：同意方案",
    );
    const votes = page.locator(".timeline-votes li");
    expect(await votes.count()).toBe(2);
    expect(await votes.allTextContents()).toEqual([
      expect.stringContaining("安监办"),
      expect.stringContaining("行业主管部门"),
    ]);
    await context.close();
  });

  it("the designer's simulator plays it: one vote per sub-task, the second approval moves on", async () => {
    const { context, page } = await harness.signIn("admin");
    await page.goto(`${harness.url}/designer/hazard-closure`);
    await page.locator(".react-flow__node").first().waitFor();
    await page.getByRole("tab", { name: "模拟运行" }).click();
    await page.getByRole("button", { name: "开始模拟" }).click();
    // The sample start is 企业自查自报: the village's 现场核实 comes first, by itself.
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("onSiteCheck");
    await page.locator(".sim-task").getByRole("button", { name: "核实完成，报安监办判定" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("reported");
    await page.locator(".sim-task").getByRole("button", { name: "确认为重大事故隐患" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("registered");
    await page.getByLabel("制定治理方案 提交数据").fill(
      JSON.stringify({
        measures: "清理粉尘",
        funds: 1000,
        rectifyDeadline: inDays(30),
        responsible: "周立",
        emergencyPlan: "预案",
      }),
    );
    await page.getByRole("button", { name: "提交治理方案" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("planReview");
    expect(await page.getByTestId("sim-vote").count()).toBe(2);
    await page.getByRole("button", { name: "safety-office：同意方案" }).click();
    await eventually(() => page.locator(".sim-log").textContent()).toContain("safety-office 表决");
    expect(await page.getByTestId("sim-active").textContent()).toBe("planReview");
    await page.getByRole("button", { name: "sector-dept：同意方案" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("rectifying");
    await context.close();
  });
});
