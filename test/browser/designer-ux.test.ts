/**
 * The designer for admins who know DingTalk, in a real browser: a step inserted with the
 * "+" on a line and published in four actions; a line dragged between two states with the
 * outcome picker; the due edited as 3 工作日; validation in Chinese. And the phone: the
 * outcome buttons never cover the text being typed; the case list as cards.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Definition } from "../../engine/definition/schema.js";
import {
  eventually,
  reportMajorHazard,
  startBrowserHarness,
  type BrowserHarness,
} from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-li", "应急办 李娜", ["safety-office"]);
  await harness.createUser("ent-e002", "铁峰五金厂 王刚", ["enterprise-E002"]);
  await reportMajorHazard(harness, "office-li", {
    title: "仓库消防通道堵塞",
    enterpriseId: "E002",
    village: "V01",
    industry: "工贸",
  });
});

afterAll(async () => {
  await harness?.close();
});

interface PublishedAnswer {
  version: number;
  definition: Definition;
}

const published = () => harness.api<PublishedAnswer>("admin", "GET", "/definitions/hazard-closure");

async function openDesigner(page: Page): Promise<void> {
  await page.goto(`${harness.url}/designer/hazard-closure`);
  await page.locator(".react-flow__node").first().waitFor();
  await page.locator(".react-flow__controls-fitview").click();
}

function overlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("designer for admins who know DingTalk", () => {
  it("lands the admin on the process list, and inserts a step with + and publishes it in four actions", async () => {
    const before = await published();
    const { context, page } = await harness.signIn("admin");
    expect(new URL(page.url()).pathname).toBe("/designer");
    await page.getByRole("link", { name: /重大事故隐患/ }).click();
    await page.locator(".react-flow__node").first().waitFor();

    // 1: the + on the line 提交整改报告 (rectifying → acceptance).
    await page.locator('.edge-label[data-edge^="rectifying::on::SUBMIT_FIX"] .edge-insert').click();
    const picker = page.getByRole("dialog", { name: "在此插入步骤" });
    // 2: the group that does it; the step is inserted at once.
    await picker.getByRole("button", { name: "safety-office" }).click();
    const added = page.locator('.react-flow__node[data-id="step1"]');
    await added.waitFor();
    expect(await added.textContent()).toContain("审核");
    // The new state lands in view, not outside the canvas or behind the side panel.
    const canvas = await page.getByTestId("designer-canvas").boundingBox();
    const node = await added.boundingBox();
    expect(canvas && node).toBeTruthy();
    if (canvas && node) {
      expect(node.x).toBeGreaterThanOrEqual(canvas.x);
      expect(node.x + node.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(node.y + node.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    }
    expect(await page.getByTestId("problem-count").textContent()).toContain("没有问题");
    // 3 and 4: publish, confirm.
    await page.getByRole("button", { name: "发布…" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: `确认发布第 ${before.body.version + 1} 版` })
      .click();
    await eventually(() => page.getByTestId("version-badge").textContent()).toBe(
      `已发布第 ${before.body.version + 1} 版`,
    );

    const after = await published();
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.definition.states.rectifying?.on?.SUBMIT_FIX).toMatchObject({
      target: "step1",
    });
    expect(after.body.definition.states.step1).toEqual({
      label: "审核",
      task: {
        name: "审核",
        candidateGroups: ["safety-office"],
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      on: { DONE: "onSiteRecheck" },
    });
    await context.close();
  });

  it("drags a line from one state to another and names its outcome in Chinese", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.waitForTimeout(300);
    const source = await page
      .locator('.react-flow__node[data-id="acceptance"] .react-flow__handle.source')
      .boundingBox();
    const target = await page
      .locator('.react-flow__node[data-id="planReview"] .react-flow__handle.target')
      .boundingBox();
    if (!source || !target) throw new Error("handle not visible");
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, {
      steps: 12,
    });
    await page.mouse.up();

    const picker = page.getByRole("dialog", { name: "选择办理结果" });
    // The source's own outcomes are offered, each saying where it leads today.
    expect(await picker.textContent()).toContain("验收不合格，继续整改");
    await picker.getByLabel("新的办理结果").fill("需重新审核方案");
    expect(await picker.textContent()).toMatch(/事件标识：OUTCOME_[0-9A-Z]{6}/);
    await picker.getByRole("button", { name: "新建" }).click();

    const line = page.locator('.edge-label[data-edge^="acceptance::on::OUTCOME_"]');
    await eventually(() => line.count()).toBe(1);
    expect(await line.textContent()).toContain("需重新审核方案");
    expect(await page.getByTestId("problem-count").textContent()).toContain("没有问题");
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = JSON.parse(await page.getByLabel("流程定义 JSON").inputValue()) as Definition;
    const outcome = json.states.acceptance?.task?.outcomes.find(
      (o) => o.label === "需重新审核方案",
    );
    expect(outcome?.event).toMatch(/^OUTCOME_[0-9A-Z]{6}$/);
    expect(json.states.acceptance?.on?.[outcome?.event ?? ""]).toEqual({ target: "planReview" });
    await context.close();
  });

  it("edits a task's due as 3 工作日 and writes P3D with the workdays calendar", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.locator('.react-flow__node[data-id="acceptance"]').click();
    const panel = page.getByRole("region", { name: "状态属性" });
    await panel.getByLabel("办理期限：数量").fill("3");
    await panel.getByLabel("办理期限：日历").selectOption({ label: "工作日" });
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = JSON.parse(await page.getByLabel("流程定义 JSON").inputValue()) as Definition;
    expect(json.states.acceptance?.task).toMatchObject({ due: "P3D", calendar: "workdays" });
    // FEEL is still there for power users.
    await page.getByRole("tab", { name: "图形" }).click();
    await page.locator('.react-flow__node[data-id="acceptance"]').click();
    await panel.getByRole("button", { name: "高级：ISO 时长或 FEEL 表达式" }).click();
    await panel.getByLabel("ISO 8601 时长（如 P3D）或 =FEEL 表达式").fill('=duration("P5D")');
    await page.getByRole("tab", { name: "JSON" }).click();
    const again = JSON.parse(await page.getByLabel("流程定义 JSON").inputValue()) as Definition;
    expect(again.states.acceptance?.task?.due).toEqual({ expr: 'duration("P5D")' });
    await context.close();
  });

  it("shows every validation problem in Chinese, with its path", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.locator('.react-flow__node[data-id="dismissed"]').click();
    await page.getByRole("button", { name: "删除状态" }).click();
    await page.getByRole("tab", { name: "JSON" }).click();
    const json = page.getByLabel("流程定义 JSON");
    await json.fill((await json.inputValue()).replace('"due": "P3D"', '"due": "30天"'));
    await page.getByRole("tab", { name: "图形" }).click();

    const problems = page.locator(".problems .problem-item");
    await eventually(() => problems.count()).toBeGreaterThanOrEqual(2);
    const listed = await problems.allTextContents();
    expect(listed).toContainEqual(
      expect.stringContaining(
        'states.reported.on.DISMISS.target目标 "dismissed" 不是已有的状态标识',
      ),
    );
    expect(listed).toContainEqual(
      expect.stringContaining("states.reported.task.due不是 ISO 8601 时长"),
    );
    for (const text of listed) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/\b(cannot|is not|not an|must|expected|required)\b/);
    }
    await context.close();
  });
});

describe("on a phone", () => {
  it("keeps the text being typed above the outcome buttons", async () => {
    const { context, page } = await harness.signIn("ent-e002", { width: 375, height: 740 });
    await page.locator(".task-card a").first().click();
    await page.waitForURL(/\/tasks\//);
    const textarea = page.locator(".task-form textarea").last();
    await textarea.waitFor();
    // Bring the field to the bottom of the screen, where the bar sits, then type in it.
    // Parts of the page load after the form (names, attachments) and change its height:
    // wait until the page keeps one height for half a second, then scroll.
    let height = 0;
    await expect
      .poll(async () => {
        const before = height;
        await page.waitForTimeout(500);
        height = await page.evaluate(() => document.documentElement.scrollHeight);
        return height === before;
      })
      .toBe(true);
    const viewport = page.viewportSize() ?? { width: 375, height: 740 };
    await expect
      .poll(async () => {
        await textarea.evaluate((el) => el.scrollIntoView({ block: "end" }));
        const box = await textarea.boundingBox();
        return box ? box.y + box.height : Infinity;
      })
      .toBeLessThanOrEqual(viewport.height);
    await textarea.focus();
    await page.keyboard.type("停电后启用备用电源，疏散人员");
    const field = await textarea.boundingBox();
    const bar = await page.locator(".task-form .outcomes").boundingBox();
    if (!field || !bar) throw new Error("form not laid out");
    expect(field.y + field.height).toBeLessThanOrEqual(viewport.height);
    const barOnScreen = bar.y < viewport.height && bar.y + bar.height > 0;
    expect(barOnScreen && overlap(field, bar)).toBe(false);
    expect(await textarea.inputValue()).toBe("停电后启用备用电源，疏散人员");
    await harness.screenshot(page, "task-page-phone-typing");

    // Once the field is left, the buttons stick to the bottom again.
    await textarea.blur();
    await page.evaluate(() => window.scrollTo(0, 0));
    const sticky = await page.locator(".task-form .outcomes").boundingBox();
    expect(sticky && sticky.y + sticky.height).toBeLessThanOrEqual(viewport.height + 1);
    await context.close();
  });

  it("shows the case list as cards, not a squeezed table", async () => {
    const { context, page } = await harness.signIn("office-li", { width: 375, height: 740 });
    await page.goto(`${harness.url}/instances`);
    const row = page.locator(".case-row", { hasText: "仓库消防通道堵塞" });
    await row.waitFor();
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe("block");
    const title = await row.locator(".card-title").boundingBox();
    expect(title?.width ?? 0).toBeGreaterThan(280);
    expect(
      await row
        .locator('td[data-label="流程"]')
        .evaluate((el) => getComputedStyle(el, "::before").content),
    ).toBe('"流程"');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await harness.screenshot(page, "case-list-phone");
    await context.close();
  });
});
