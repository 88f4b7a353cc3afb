/**
 * The designer's 定期发起 in a real browser (issue 15): the panel shows a schedule's rule in
 * words and edits it (when, for whom, catch-up), the published one is paused with a reason
 * and resumed, and the simulator lists the next ten slots on the working calendar (国庆
 * 2026 skipped, its 调休 Saturday taken). The enterprise page switches 班组日排查 per enterprise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Definition } from "../../engine/definition/schema.js";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("schedules in the designer", () => {
  it("edits a schedule in words, pauses and resumes the published one, and simulates its next ten slots", async () => {
    const { context, page } = await harness.signIn("admin");
    await page.goto(`${harness.url}/designer/inspection-monthly`);
    await page.locator(".react-flow__node").first().waitFor();

    const panel = page.getByRole("region", { name: "定期发起" });
    const words = panel.getByTestId("schedule-words");
    await eventually(() => words.textContent()).toBe("每月第一个工作日 08:30，每家企业一件");

    // The published schedule: running; a pause needs a reason, then shows who paused it.
    const state = panel.getByTestId("schedule-state");
    await eventually(() => state.textContent()).toContain("运行中");
    await state.getByRole("button", { name: "暂停…" }).click();
    await state.getByRole("button", { name: "确认暂停" }).click();
    await eventually(() => state.getByRole("alert").textContent()).toBe("请填写暂停原因");
    await state.getByLabel("暂停原因").fill("国庆停工");
    await state.getByRole("button", { name: "确认暂停" }).click();
    await eventually(() => state.textContent()).toContain("已暂停");
    expect(await state.textContent()).toContain("admin");
    const audit = await harness.api<{ items: { action: string; reason: string | null }[] }>(
      "admin",
      "GET",
      "/schedules/inspection-monthly/monthly/audit",
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: "pause", reason: "国庆停工" }),
    ]);
    await state.getByRole("button", { name: "恢复" }).click();
    await eventually(() => state.textContent()).toContain("运行中");

    // Every working day, for the high-risk ones only, missed slots not caught up.
    await panel.getByLabel("重复").selectOption("workdays");
    await panel.getByLabel("时间（北京时间，如 09:00）").fill("09:00");
    await panel.getByLabel(/^筛选/).fill("item.highRisk = true");
    await panel.getByLabel(/^每项称作/).fill("高危企业");
    await panel.getByLabel("停机错过的时间").selectOption("skip");
    await eventually(() => words.textContent()).toBe("每个工作日 09:00，每家高危企业一件");
    await panel.getByLabel("时间（北京时间，如 09:00）").fill("9点");
    await eventually(() => panel.locator(".inline-problems").textContent()).toContain(
      "时间应写作 HH:mm",
    );
    await panel.getByLabel("时间（北京时间，如 09:00）").fill("09:00");

    await page.getByRole("button", { name: "保存草稿" }).click();
    await eventually(() => page.locator(".notice.ok").textContent()).toContain("草稿已保存");
    const draft = await harness.api<{ definition: Definition }>(
      "admin",
      "GET",
      "/definitions/inspection-monthly/draft",
    );
    expect(draft.body.definition.schedules?.[0]).toMatchObject({
      key: "monthly",
      every: { rule: "workdays", at: "09:00" },
      forEach: "enterprises",
      filter: "item.highRisk = true",
      itemLabel: "高危企业",
      catchUp: "skip",
    });

    // The simulator: ten working days from 30 September 2026, around 国庆.
    await page.getByRole("tab", { name: "模拟运行" }).click();
    await page.getByLabel("自此日起").fill("2026-09-30");
    const slots = page.getByRole("list", { name: "厂长月排查 的下十次" }).getByRole("listitem");
    await eventually(() => slots.allTextContents()).toEqual([
      "2026-09-30 周三 09:00",
      "2026-10-08 周四 09:00",
      "2026-10-09 周五 09:00",
      "2026-10-10 周六 09:00（国庆节调休·上班）",
      "2026-10-12 周一 09:00",
      "2026-10-13 周二 09:00",
      "2026-10-14 周三 09:00",
      "2026-10-15 周四 09:00",
      "2026-10-16 周五 09:00",
      "2026-10-19 周一 09:00",
    ]);
    await harness.screenshot(page, "designer-schedule-slots");
    await context.close();
  });

  it("the enterprise page switches its 班组日排查 off against its industry's, and shows what it runs", async () => {
    await harness.fileEnterprise({
      id: "gas1",
      name: "燃气一号公司",
      village: "V01",
      industry: "燃气",
    });
    const industry = await harness.api(
      "admin",
      "PUT",
      `/inspection-settings/industries/${encodeURIComponent("燃气")}`,
      {
        daily: true,
      },
    );
    expect(industry.status).toBe(200);
    const { context, page } = await harness.signIn("admin");
    await page.goto(`${harness.url}/enterprises/gas1`);
    const section = page.getByRole("region", { name: "日常排查" });
    const daily = section.getByTestId("inspection-daily");
    await eventually(() => daily.textContent()).toContain("已开启");
    expect(await section.getByLabel("班组日排查").locator("option:checked").textContent()).toBe(
      "按行业（燃气：开启）",
    );
    expect(await section.getByTestId("inspection-weekly").textContent()).toContain("未开启");

    await section.getByLabel("班组日排查").selectOption({ label: "本企业关闭" });
    await eventually(() => daily.textContent()).toContain("未开启");
    const own = await harness.api<{
      own: { daily: boolean | null };
      effective: { daily: boolean };
    }>("admin", "GET", "/inspection-settings/enterprises/gas1");
    expect(own.body).toMatchObject({ own: { daily: false }, effective: { daily: false } });
    await context.close();
  });
});
