/**
 * The inbox and the task page in a real browser: an enterprise submits its 五落实 plan,
 * first with a field missing (the error shows beside it), then complete; the task leaves
 * its inbox and the safety office's inbox shows the review task, live.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  reportMajorHazard,
  startBrowserHarness,
  type BrowserHarness,
} from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-wang", "应急办 王芳", ["safety-office"]);
  await harness.createUser("ent-e001", "铁峰机械厂 李强", ["enterprise-E001"]);
  await reportMajorHazard(harness, "office-wang", {
    title: "配电房电缆老化",
    enterpriseId: "E001",
    village: "V01",
    industry: "工贸",
  });
});

afterAll(async () => {
  await harness?.close();
});

function dateInDays(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe("inbox and task page", () => {
  it("lets the enterprise submit its plan after fixing the field the server refused, and hands the review to the office", async () => {
    const enterprise = await harness.signIn("ent-e001");
    const page = enterprise.page;
    const card = page.locator(".task-card", { hasText: "配电房电缆老化" });
    await eventually(() => card.count()).toBe(1);
    await eventually(() => card.textContent()).toContain("制定治理方案");
    await harness.screenshot(page, "inbox");

    await card.locator("a").click();
    await page.waitForURL(/\/tasks\//);
    await page.getByLabel("治理措施").fill("更换老化电缆，加装漏电保护");
    await page.getByLabel("治理资金（元）").fill("48000");
    await page.getByLabel("整改期限").fill(dateInDays(60));
    await page.getByLabel("应急预案").fill("配电房停电应急处置方案");
    await page.getByRole("button", { name: "提交治理方案" }).click();

    const responsible = page.locator('.field[data-field="responsible"]');
    await eventually(() => responsible.locator(".field-error").textContent()).toBe("必填");
    expect(await page.getByLabel("责任人").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".field.has-error").count()).toBe(1);
    expect(page.url()).toContain("/tasks/");
    await harness.screenshot(page, "task-page");

    // The task's description says the rule; a past deadline is refused at its field, in Chinese.
    expect(await page.locator(".task-description").textContent()).toContain(
      "整改期限须在今天之后、一年以内",
    );
    await page.getByLabel("责任人").fill("李强");
    await page.getByLabel("整改期限").fill(dateInDays(-1));
    await page.getByRole("button", { name: "提交治理方案" }).click();
    const deadline = page.locator('.field[data-field="rectifyDeadline"]');
    await eventually(() => deadline.locator(".field-error").textContent()).toBe(
      "整改期限须在今天之后、一年以内",
    );
    expect(await page.getByLabel("整改期限").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".field.has-error").count()).toBe(1);
    expect(await page.locator(".error-box").textContent()).toContain(
      "整改期限须在今天之后、一年以内",
    );
    expect(page.url()).toContain("/tasks/");
    await harness.screenshot(page, "task-guard-refusal");

    await page.getByLabel("整改期限").fill(dateInDays(60));
    await page.getByRole("button", { name: "提交治理方案" }).click();
    await page.waitForURL(/\/inbox/);
    await eventually(() => page.locator(".notice.ok").textContent()).toContain("已提交");
    await eventually(() => page.locator(".task-card").count()).toBe(0);
    expect(await page.textContent(".status-view.empty")).toContain("暂无待办");
    await enterprise.context.close();

    const office = await harness.signIn("office-wang");
    const review = office.page.locator(".task-card", { hasText: "配电房电缆老化" });
    await eventually(() => review.textContent()).toContain("审核治理方案");
    await review.locator("a").click();
    await office.page.waitForURL(/\/tasks\//);
    // The key facts and the plan the enterprise submitted are on the case's timeline.
    await eventually(() => office.page.locator(".key-facts").textContent()).toContain(
      "配电房电缆老化",
    );
    await eventually(() => office.page.locator(".timeline").textContent()).toContain(
      "铁峰机械厂 李强 提交治理方案",
    );
    // Not a process admin: the case's progress as steps, the current one marked.
    await eventually(() => office.page.locator(".step-list .step-current").textContent()).toContain(
      "方案审核",
    );
    await office.context.close();
  });

  it("updates the inbox badge live when a task arrives", async () => {
    const { context, page } = await harness.signIn("ent-e001");
    const badge = page.getByTestId("inbox-badge");
    expect(await badge.count()).toBe(0);
    await reportMajorHazard(harness, "office-wang", {
      title: "粉尘除尘系统未接地",
      enterpriseId: "E001",
      village: "V02",
      industry: "工贸",
    });
    await eventually(() => badge.textContent()).toBe("1");
    await eventually(() =>
      page.locator(".task-card", { hasText: "粉尘除尘系统未接地" }).count(),
    ).toBe(1);
    await context.close();
  });

  it("fits the inbox and the task form on a 375 px phone", async () => {
    const { context, page } = await harness.signIn("ent-e001", { width: 375, height: 740 });
    await eventually(() => page.locator(".task-card").count()).toBeGreaterThan(0);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await harness.screenshot(page, "inbox-phone");
    await page.locator(".task-card a").first().click();
    await page.waitForURL(/\/tasks\//);
    await page.getByLabel("治理措施").waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await harness.screenshot(page, "task-page-phone");
    await context.close();
  });
  it("reports a hazard from the form generated from the process's start variables", async () => {
    const { context, page } = await harness.signIn("office-wang", { width: 375, height: 740 });
    await page.goto(`${harness.url}/start`);
    await page.getByRole("link", { name: /上报重大事故隐患/ }).click();
    await page.waitForURL(/\/start\/hazard-closure/);
    await page.getByLabel("隐患名称").fill("锅炉房安全阀失效");
    // No name, village or industry to type: the enterprise is picked from the directory.
    expect(await page.getByLabel("企业名称").count()).toBe(0);
    await page.getByRole("combobox", { name: "企业" }).fill("E001");
    await page
      .getByRole("listbox")
      .getByRole("option", { name: /E001 企业/ })
      .click();
    await page.getByLabel("隐患来源").selectOption({ label: "监督检查" });
    await page.getByLabel("发现日期").fill("2026-11-25");
    await page.getByRole("button", { name: "提交" }).click();
    await page.waitForURL(/\/instances\//);
    await eventually(() => page.locator("h1").textContent()).toBe("锅炉房安全阀失效");
    await eventually(() => page.locator(".facts").first().textContent()).toContain("待判定");
    await eventually(() => page.locator(".plain-list").textContent()).toContain("隐患判定");
    await context.close();
  });
});
