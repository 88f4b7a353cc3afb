/**
 * Issue 14: the case speaks the user's language. History lines say who chose what
 * (“张伟 确认为重大事故隐患”), the plan review shows all five 五落实 fields the enterprise
 * submitted, people and groups show by name, and someone who is not a process admin
 * meets no event key, variable key or group code on the case page (a step list instead
 * of the diagram). Admins keep the diagram and the keys.
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

const plan = {
  measures: "更换除尘管道，加装泄爆片",
  funds: 86000,
  // Within the year ahead, as the plan's rule asks.
  rectifyDeadline: new Date(Date.now() + 8 * 3_600_000 + 60 * 86_400_000)
    .toISOString()
    .slice(0, 10),
  responsible: "黄志强",
  emergencyPlan: "粉尘爆炸专项应急预案",
};

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("zhangwei", "张伟", ["safety-office"]);
  await harness.createUser("huangzq", "黄志强", ["enterprise-E101"]);
  hazardId = await reportMajorHazard(harness, "zhangwei", {
    title: "抛光车间粉尘超标",
    enterpriseId: "E101",
    village: "V11",
    industry: "工贸",
  });
  const tasks = await harness.api<{ items: { id: string }[] }>(
    "huangzq",
    "GET",
    `/tasks?instanceId=${hazardId}`,
  );
  const submitted = await harness.api(
    "huangzq",
    "POST",
    `/tasks/${tasks.body.items[0]!.id}/complete`,
    {
      outcome: "SUBMIT_PLAN",
      data: plan,
    },
  );
  expect(submitted.status).toBe(200);
});

afterAll(async () => {
  await harness?.close();
});

describe("the case in the user's words", () => {
  it("the plan review shows the five 五落实 fields, the history says 张伟 确认为重大事故隐患, groups by name", async () => {
    const { context, page } = await harness.signIn("zhangwei");
    const review = page.locator(".task-card", { hasText: "抛光车间粉尘超标" });
    await eventually(() => review.textContent()).toContain("审核治理方案");
    await review.locator("a").click();
    await page.waitForURL(/\/tasks\//);

    // The plan, first and in full, under its form's titles.
    const planSection = page.locator(".case-step").first();
    await eventually(() => planSection.locator("h3").textContent()).toContain("制定治理方案");
    const shown = await planSection.locator(".facts").textContent();
    for (const [title, value] of [
      ["治理措施", plan.measures],
      ["治理资金（元）", String(plan.funds)],
      ["整改期限", plan.rectifyDeadline],
      ["责任人", plan.responsible],
      ["应急预案", plan.emergencyPlan],
    ])
      expect(shown).toContain(`${title}${value}`);

    await eventually(() =>
      page.locator(".timeline-headline", { hasText: "张伟 确认为重大事故隐患" }).count(),
    ).toBe(1);
    await eventually(() =>
      page.locator(".timeline-headline", { hasText: "黄志强 提交治理方案" }).count(),
    ).toBe(1);
    // 会签 by two groups: each named, never “（safety-office）”.
    const handler = await page.locator(".task-header").textContent();
    expect(handler).not.toContain("safety-office");
    await harness.screenshot(page, "plan-review-decision");
    await context.close();
  });

  it("an enterprise sees no key or code on its case page, and a step list instead of the diagram", async () => {
    const { context, page } = await harness.signIn("huangzq");
    await page.goto(`${harness.url}/instances/${hazardId}`);
    await eventually(() => page.locator(".step-list .step-current").textContent()).toContain(
      "方案审核",
    );
    await eventually(() => page.locator(".timeline-headline").count()).toBeGreaterThan(2);
    expect(await page.locator(".react-flow").count()).toBe(0);
    await page.locator(".timeline-data summary").first().click();

    const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    expect(text).toContain("张伟 确认为重大事故隐患");
    expect(text).not.toMatch(/[A-Z_]{4,}/);
    const instance = await harness.api<{ vars: Record<string, unknown> }>(
      "huangzq",
      "GET",
      `/instances/${hazardId}`,
    );
    const keys = Object.keys(instance.body.vars);
    expect(keys).toContain("rectifyDeadline");
    for (const key of [...keys, "safety-office", "sector-dept", "enterprise-E101"])
      expect(text).not.toMatch(new RegExp(`(^|[^A-Za-z])${key}([^A-Za-z]|$)`));
    await harness.screenshot(page, "case-page-enterprise");
    await context.close();
  });

  it("an admin keeps the diagram and the event keys", async () => {
    const { context, page } = await harness.signIn("admin");
    await page.goto(`${harness.url}/instances/${hazardId}`);
    await eventually(() => page.locator(".react-flow").count()).toBe(1);
    await eventually(() => page.locator(".timeline .event-name").allTextContents()).toContain(
      "CONFIRM_MAJOR",
    );
    await context.close();
  });

  it("a case that does not exist says so in Chinese", async () => {
    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/instances/00000000-0000-4000-8000-000000000000`);
    await eventually(() => page.locator(".error-box").textContent()).toContain("未找到");
    await page.goto(`${harness.url}/instances/not-a-case`);
    await eventually(() => page.locator(".error-box").textContent()).toContain("链接无效");
    expect(await page.locator("main").innerText()).not.toMatch(/invalid|not found/i);
    await context.close();
  });
});
