/**
 * The working calendar page in a real browser: an administrator pastes the State
 * Council's notice, checks what was understood, saves, and sees the month grid.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("cal-admin", "日历管理员", ["calendar-admin"]);
});

afterAll(async () => {
  await harness?.close();
});

/** Pasted as is, with the notice's title line; the 端午 line is deliberately malformed. */
const NOTICE = [
  "国务院办公厅关于2027年部分节假日安排的通知",
  "一、元旦：1月1日（星期五）至3日（星期日）放假，共3天。",
  "二、春节：2月6日至13日放假调休，共8天。2月14日（星期日）、2月20日（星期六）上班。",
  "五、端午节：6月放假三天。",
].join("\n");

describe("/calendar", () => {
  it("imports a pasted notice with a preview, saves it and shows it in the month grids", async () => {
    const { context, page } = await harness.signIn("cal-admin");
    const nextYear = new Date().getFullYear() + 1;
    const banner = page.getByTestId("calendar-banner");
    if (new Date().getMonth() >= 9) {
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`${nextYear} 年节假日安排尚未录入`);
    }

    await page.goto(`${harness.url}/calendar?year=2027`);
    await page.getByTestId("year-status").waitFor();
    expect(await page.getByTestId("year-status").textContent()).toContain(
      "2027 年节假日安排尚未录入",
    );
    await page.getByLabel("通知原文").fill(NOTICE);
    await page.getByRole("button", { name: "预览识别结果" }).click();

    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    const rows = await preview.locator("tbody tr").allTextContents();
    expect(rows).toEqual([
      "元旦01-01、01-02、01-03—",
      "春节02-06、02-07、02-08、02-09、02-10、02-11、02-12、02-1302-14、02-20",
    ]);
    const unread = await preview.getByRole("alert").textContent();
    expect(unread).toContain("以下 2 行未能识别");
    expect(unread).toContain("五、端午节：6月放假三天。");
    expect(unread).toContain("国务院办公厅关于2027年部分节假日安排的通知");
    await harness.screenshot(page, "calendar-import-preview");

    await page.getByRole("button", { name: "加入日历（13 天）" }).click();
    await page.getByLabel("2027 年的放假和调休已全部录入").check();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();
    expect(await page.getByTestId("year-status").textContent()).toContain(
      "2027 年节假日安排已录入",
    );

    const february = page.getByTestId("month-2");
    const newYearsEve = february.locator('[data-date="2027-02-06"]');
    expect(await newYearsEve.getAttribute("class")).toContain("holiday");
    expect(await newYearsEve.getAttribute("aria-label")).toBe("2027-02-06 放假：春节");
    const makeUp = february.locator('[data-date="2027-02-14"]');
    expect(await makeUp.getAttribute("class")).toContain("workday");
    expect(await makeUp.textContent()).toBe("14班");
    await harness.screenshot(page, "calendar-2027");

    // Clicking a date edits it: 5 February becomes a holiday too.
    await february.locator('[data-date="2027-02-05"]').click();
    const dayForm = page.getByRole("form", { name: "编辑 2027-02-05" });
    await dayForm.getByRole("combobox").selectOption("holiday");
    await dayForm.getByRole("textbox").fill("春节");
    await dayForm.getByRole("button", { name: "确定" }).click();
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();

    const changes = page.getByRole("region", { name: "修改记录" });
    await changes.locator("li").nth(1).waitFor();
    expect(await changes.locator("li").first().textContent()).toContain("cal-admin：录入 14 天");

    const saved = await harness.api<{ complete: boolean; days: { date: string }[] }>(
      "cal-admin",
      "GET",
      "/calendar/2027",
    );
    expect(saved.body.complete).toBe(true);
    expect(saved.body.days.map((d) => d.date)).toContain("2027-02-05");
    expect(saved.body.days).toHaveLength(14);

    if (nextYear === 2027) {
      await page.reload();
      await page.getByTestId("year-status").waitFor();
      expect(await banner.count()).toBe(0);
    }
    await context.close();
  });
});
