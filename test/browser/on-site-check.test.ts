/**
 * Issue 14: a hazard an enterprise reports itself (企业自查自报) goes to its village's grid
 * officer for an on-site check first (自动流转), and only then to the safety office, whose
 * judging task shows the officer's finding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

const TITLE = "喷漆房排风机停用";
const FINDING = "排风机电源已断开，喷漆房仍在作业";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.fileEnterprise({
    id: "E014",
    name: "铁峰家具厂",
    village: "V14",
    industry: "工贸",
  });
  await harness.createUser("ent-e014", "铁峰家具厂 赵敏", ["enterprise-E014"]);
  await harness.createUser("grid-v14", "V14村网格员 孙丽", ["village-V14"]);
  await harness.createUser("office-li", "应急办 李娜", ["safety-office"]);
});

afterAll(async () => {
  await harness?.close();
});

describe("on-site check of a self-reported hazard", () => {
  it("goes to the village officer first; the office judges after the officer's finding", async () => {
    // The enterprise reports the hazard itself.
    const enterprise = await harness.signIn("ent-e014");
    let page = enterprise.page;
    await page.goto(`${harness.url}/start/hazard-closure`);
    await page.getByLabel("隐患名称").fill(TITLE);
    await page.getByRole("combobox", { name: "企业" }).fill("家具");
    await page
      .getByRole("listbox")
      .getByRole("option", { name: /铁峰家具厂/ })
      .click();
    await page.getByLabel("隐患来源").selectOption({ label: "企业自查自报" });
    await page.getByLabel("发现日期").fill("2026-11-25");
    await page.getByRole("button", { name: "提交" }).click();
    await page.waitForURL(/\/instances\//);
    await eventually(() => page.locator(".facts").first().textContent()).toContain(
      "村(社区)现场核实",
    );
    await enterprise.context.close();

    // The office has nothing to judge yet.
    const waiting = await harness.api<{ items: { name: string; title: string | null }[] }>(
      "office-li",
      "GET",
      "/tasks?status=open",
    );
    expect(waiting.body.items.filter((t) => t.title === TITLE)).toEqual([]);

    // The village officer finds the 现场核实 task in the inbox and completes it.
    const officer = await harness.signIn("grid-v14");
    page = officer.page;
    const card = page.locator(".task-card", { hasText: TITLE });
    await eventually(() => card.count()).toBe(1);
    await eventually(() => card.textContent()).toContain("现场核实");
    await card.locator("a").first().click();
    await page.waitForURL(/\/tasks\//);
    await page.getByRole("radio", { name: "部分属实" }).check();
    await page.getByLabel("核实情况").fill(FINDING);
    await page.getByRole("button", { name: "核实完成，报安监办判定" }).click();
    await eventually(() => page.locator(".task-card", { hasText: TITLE }).count()).toBe(0);
    await officer.context.close();

    // The office now has its judging task, with the officer's finding on it.
    const office = await harness.signIn("office-li");
    page = office.page;
    const judging = page.locator(".task-card", { hasText: TITLE });
    await eventually(() => judging.count()).toBe(1);
    await eventually(() => judging.textContent()).toContain("隐患判定");
    await judging.locator("a").first().click();
    await page.waitForURL(/\/tasks\//);
    const history = page.getByRole("list", { name: "办理记录" });
    await eventually(() => history.textContent()).toContain("系统 自动流转");
    expect(await history.textContent()).toContain("企业自查自报、举报的隐患先现场核实");
    const checked = history.locator("li", { hasText: "核实完成，报安监办判定" });
    await checked.locator("summary", { hasText: "提交内容" }).click();
    await eventually(() => checked.textContent()).toContain(FINDING);
    expect(await checked.textContent()).toContain("部分属实");
    await harness.screenshot(page, "on-site-check-judging");
    await office.context.close();
  });
});
