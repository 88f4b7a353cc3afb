/**
 * The process designer in a real browser: the demo admin opens hazard-closure, adds a
 * state from the palette, connects it by dragging (naming the outcome), saves, reloads and publishes (the API then serves the
 * new version); a transition to a deleted state is listed and publishing is refused.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { walkStates } from "../../engine/definition/walk-states.js";
import type { Definition } from "../../engine/definition/schema.js";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
});

afterAll(async () => {
  await harness?.close();
});

interface PublishedAnswer {
  version: number;
  definition: Definition;
}

async function openDesigner(page: Page): Promise<void> {
  await page.goto(`${harness.url}/designer/hazard-closure`);
  await page.locator(".react-flow__node").first().waitFor();
  // The designer opens at a readable zoom, which may leave the ends of a long process outside.
  await page.locator(".react-flow__controls-fitview").click();
}

/** Drags from the source handle of one state to the target handle of another. */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const source = await page
    .locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`)
    .boundingBox();
  const target = await page
    .locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`)
    .boundingBox();
  if (!source || !target) throw new Error("handle not visible");
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe("process designer", () => {
  it("adds a state, connects it with a new event, keeps it after save and reload, and publishes it as the next version", async () => {
    const before = await harness.api<PublishedAnswer>(
      "admin",
      "GET",
      "/definitions/hazard-closure",
    );
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    expect(await page.locator(".react-flow__node").count()).toBe(
      walkStates(before.body.definition).length,
    );

    await page
      .getByRole("toolbar", { name: "添加" })
      .getByRole("button", { name: "普通状态" })
      .click();
    await page.locator('.react-flow__node[data-id="state1"]').waitFor();
    await page.getByLabel("名称", { exact: true }).fill("复查");
    await page.getByLabel("类型", { exact: true }).selectOption("final");
    await page.locator(".react-flow__controls-fitview").click();
    await page.waitForTimeout(400);
    await connect(page, "acceptance", "state1");
    const picker = page.getByRole("dialog", { name: "选择办理结果" });
    await picker.getByLabel("新的办理结果").fill("需复查");
    await picker.getByRole("button", { name: "新建" }).click();
    await page.locator('[data-testid^="rf__edge-acceptance::on::OUTCOME_"]').waitFor();
    // A power user may still rename the event key in the side panel.
    const eventInput = page.getByLabel("事件", { exact: true });
    await eventInput.fill("RECHECK");
    await eventInput.press("Enter");
    await page.locator('[data-testid^="rf__edge-acceptance::on::RECHECK"]').waitFor();
    expect(await page.getByTestId("problem-count").textContent()).toContain("没有问题");
    await harness.screenshot(page, "designer");

    await page.getByRole("button", { name: "保存草稿" }).click();
    await eventually(() => page.locator(".notice.ok").textContent()).toContain("草稿已保存");
    await page.reload();
    await page.locator('.react-flow__node[data-id="state1"]').waitFor();
    expect(await page.locator('.react-flow__node[data-id="state1"]').textContent()).toContain(
      "复查",
    );
    // React Flow draws the edges once the nodes are measured, a moment after the nodes.
    await eventually(() =>
      page.locator('[data-testid^="rf__edge-acceptance::on::RECHECK"]').count(),
    ).toBe(1);
    expect(await page.getByTestId("unsaved").count()).toBe(0);

    await page.getByRole("tab", { name: /与已发布对比/ }).click();
    expect(await page.locator(".change-list").textContent()).toContain("新增状态 「复查」(state1)");

    await page.getByRole("button", { name: "发布…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.locator("h2").textContent()).toBe(`发布为第 ${before.body.version + 1} 版`);
    await dialog.getByRole("button", { name: `确认发布第 ${before.body.version + 1} 版` }).click();
    await eventually(() => page.locator(".notice.ok").textContent()).toContain(
      `已发布第 ${before.body.version + 1} 版`,
    );

    const after = await harness.api<PublishedAnswer>("admin", "GET", "/definitions/hazard-closure");
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.definition.states.state1).toMatchObject({ label: "复查", type: "final" });
    expect(after.body.definition.states.acceptance?.on?.RECHECK).toMatchObject({
      target: "state1",
    });

    // The earlier version opens read-only, without the new state.
    const versions = page.getByRole("region", { name: "版本" });
    await eventually(() => versions.locator("li").count()).toBe(before.body.version + 1);
    await versions.getByRole("button", { name: `第 ${before.body.version} 版` }).click();
    await page.waitForURL(new RegExp(`version=${before.body.version}$`));
    await page.locator('.react-flow__node[data-id="acceptance"]').waitFor();
    expect(await page.locator('.react-flow__node[data-id="state1"]').count()).toBe(0);
    expect(await page.locator(".designer-title .tag").first().textContent()).toContain("只读");
    expect(await page.getByRole("toolbar", { name: "添加" }).count()).toBe(0);
    await context.close();
  });

  it("simulates the draft in the browser: tasks completed with sample data move the case along the path", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.getByRole("tab", { name: "模拟运行" }).click();
    // The sample's source is 企业自查自报: routed by itself (自动流转) to the on-site check.
    await page.getByRole("button", { name: "开始模拟" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("onSiteCheck");
    // Found by the office's inspection: straight to judging.
    const vars = page.getByLabel("开始变量（JSON）");
    await vars.fill((await vars.inputValue()).replace('"self-report"', '"inspection"'));
    await page.getByRole("button", { name: "重新开始" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("reported");
    await page.locator(".sim-task").getByRole("button", { name: "确认为重大事故隐患" }).click();
    await eventually(() => page.getByTestId("sim-active").textContent()).toBe("registered");
    await eventually(() =>
      page.locator('.sim-canvas .react-flow__node[data-id="registered"] .is-active').count(),
    ).toBe(1);
    // A guard that does not hold leaves the case where it is, and says so.
    await page.getByRole("button", { name: "SUBMIT_PLAN" }).click();
    await eventually(() => page.locator(".sim-log .log-reject").textContent()).toContain(
      "条件不满足",
    );
    expect(await page.getByTestId("sim-active").textContent()).toBe("registered");
    expect(await page.locator(".sim-log").textContent()).toContain(
      "隐患判定：确认为重大事故隐患 → registered",
    );
    await context.close();
  });

  it("lists a transition to a deleted state as a problem and refuses to publish", async () => {
    const before = await harness.api<PublishedAnswer>(
      "admin",
      "GET",
      "/definitions/hazard-closure",
    );
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.locator('.react-flow__node[data-id="dismissed"]').click();
    await page.getByRole("button", { name: "删除状态" }).click();
    await eventually(() => page.locator('.react-flow__node[data-id="dismissed"]').count()).toBe(0);

    const problems = page.locator(".problems .problem-item");
    await eventually(() => problems.count()).toBeGreaterThan(0);
    const listed = await problems.allTextContents();
    expect(
      listed.some(
        (text) => text.includes("states.reported.on.DISMISS") && text.includes("dismissed"),
      ),
    ).toBe(true);
    expect(await page.getByTestId("problem-count").textContent()).toContain("修正后才能发布");
    // Clicking the problem opens the transition at fault, its missing target shown.
    await problems.filter({ hasText: "states.reported.on.DISMISS" }).first().click();
    const panel = page.getByRole("region", { name: "转移属性" });
    expect(await panel.getByLabel("事件", { exact: true }).inputValue()).toBe("DISMISS");
    expect(await panel.getByLabel("目标状态").inputValue()).toBe("dismissed");

    await page.getByRole("button", { name: "发布…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.textContent()).toContain("不能发布");
    expect(await dialog.getByRole("button", { name: /确认发布/ }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "取消" }).click();

    // Saved as a draft, the server refuses it too, with the same problem.
    await page.getByRole("button", { name: "保存草稿" }).click();
    await eventually(() => page.locator(".notice.ok").textContent()).toContain("草稿已保存");
    const refused = await harness.api<{ errors: { path: string }[] }>(
      "admin",
      "POST",
      "/definitions/hazard-closure/publish",
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors.some((p) => p.path.startsWith("states.reported.on.DISMISS"))).toBe(
      true,
    );
    const still = await harness.api<PublishedAnswer>("admin", "GET", "/definitions/hazard-closure");
    expect(still.body.version).toBe(before.body.version);
    await context.close();
  });

  it("keeps unsaved changes in the browser across a reload until they are saved", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    await page.locator('.react-flow__node[data-id="closed"]').click();
    await page.getByLabel("名称", { exact: true }).fill("已销号（归档）");
    await eventually(() => page.getByTestId("unsaved").count()).toBe(1);
    await page.reload();
    await page.locator('.react-flow__node[data-id="closed"]').waitFor();
    expect(await page.locator('.react-flow__node[data-id="closed"]').textContent()).toContain(
      "已销号（归档）",
    );
    expect(await page.locator(".notice.info").textContent()).toContain("已恢复");
    await context.close();
  });
  it("keeps the graph and the JSON tab in sync, with undo and redo", async () => {
    const { context, page } = await harness.signIn("admin");
    await openDesigner(page);
    const planReview = page.locator('.react-flow__node[data-id="planReview"]');
    const original = (await planReview.locator(".state-label").textContent()) ?? "";

    await page.getByRole("tab", { name: "JSON" }).click();
    const json = page.getByLabel("流程定义 JSON");
    const text = await json.inputValue();
    expect(text).toContain(`"label": "${original}"`);
    await json.fill(text.replace(`"label": "${original}"`, '"label": "方案会审"'));
    expect(await page.locator(".json-status").textContent()).toContain("同步");
    await page.getByRole("tab", { name: "图形" }).click();
    await eventually(() => planReview.locator(".state-label").textContent()).toBe("方案会审");

    await planReview.click();
    await page.getByLabel("名称", { exact: true }).fill("方案联审");
    await eventually(() => planReview.locator(".state-label").textContent()).toBe("方案联审");
    await page.getByRole("button", { name: "撤销" }).click();
    await eventually(() => planReview.locator(".state-label").textContent()).toBe("方案会审");
    await page.getByRole("button", { name: "撤销" }).click();
    await eventually(() => planReview.locator(".state-label").textContent()).toBe(original);
    await page.getByRole("button", { name: "重做" }).click();
    await eventually(() => planReview.locator(".state-label").textContent()).toBe("方案会审");

    await page.getByRole("tab", { name: "JSON" }).click();
    expect(await json.inputValue()).toContain('"label": "方案会审"');
    await json.fill("{ not json");
    expect(await page.locator(".json-status").textContent()).toContain("无法解析");
    await page.getByRole("tab", { name: "图形" }).click();
    expect(await planReview.locator(".state-label").textContent()).toBe("方案会审");
    await context.close();
  });
});
