/**
 * The 晾晒 board in a real browser: the hand-computed January (test/support/ranking-january.ts)
 * ranked on /ranking, a village's enterprises opened, and the printable 通报 on A4 with the
 * same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../../engine/clock.js";
import { createDirectory } from "../../processes/directory/directory.js";
import { seedDirectory } from "../../processes/seed-demo.js";
import { playJanuary } from "../support/ranking-january.js";
import { startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  const clock = createManualClock("2026-12-01T09:00:00+08:00");
  harness = await startBrowserHarness({ clock });
  const engine = harness.server.engine;
  await seedDirectory(createDirectory({ db: engine.database.db, clock }), "test");
  await playJanuary(engine, clock);
  clock.set(new Date()); // back to today, so that signing in works as usual
  await harness.createUser("office-zhao", "应急办 赵敏", ["safety-office"]);
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

const rowsOf = (texts: string[]) => texts.map((t) => t.replace(/\s+/g, " ").trim());

describe("ranking", () => {
  it("ranks January's villages with each share's parts, and opens a village's enterprises", async () => {
    const { context, page } = await harness.signIn("office-zhao");
    await page.getByRole("link", { name: "晾晒" }).click();
    await page.waitForURL(/\/ranking/);
    await page.getByLabel("年份").selectOption("2027");
    await page.getByLabel("月份").selectOption("1");
    await page.waitForURL(/period=2027-01/);
    const villages = page.locator("table", { hasText: "村(社区)排名 · 2027年1月" });
    await villages.locator("tbody tr").first().waitFor();
    expect(rowsOf(await villages.locator("tbody tr").allTextContents())).toEqual([
      "1河口社区2/2100%001/10/0—1/10/10/1",
      "2铁峰村1/250%100/00/0—0/00/00/0",
      "3新华村1/333.3%020/11/1100%0/00/00/0",
      "合计4/757.1%121/21/1100%1/10/10/1",
    ]);
    await expect
      .poll(async () => page.locator(".ranking-summary li").allTextContents())
      .toEqual([
        "按时排查率最低：新华村（1/3，33.3%）。",
        "进步最大：铁峰村（上期 0% → 本期 50%）。",
        "重大隐患超期最多：铁峰石料厂（1件）。",
      ]);
    // 函告/通报/约谈 each over the 督办 open in the month, and the legend says so.
    expect(await villages.locator("thead th").allTextContents()).toEqual(
      expect.arrayContaining(["函告", "通报", "约谈"]),
    );
    expect(await page.locator(".ranking-note").textContent()).toContain(
      "函告、通报、约谈＝本期达到该级别的督办/期内在办督办（期末前立案、期初前未办结的督办）",
    );
    await villages.getByRole("button", { name: "铁峰村" }).click();
    const enterprises = page.locator("table", { hasText: "铁峰村 · 企业排名" });
    expect(rowsOf(await enterprises.locator("tbody tr").allTextContents())).toEqual([
      "1红达木业有限公司1/1100%000/00/0—0/00/00/0",
      "2绿源食品加工厂0/10%100/00/0—0/00/00/0",
    ]);
    await harness.screenshot(page, "ranking-board");
    await context.close();
  });

  it("prints the 通报 on A4 with the township, the period, the text and the same tables", async () => {
    const { context, page } = await harness.signIn("office-zhao");
    await page.goto(`${harness.url}/ranking?period=2027-01`);
    await page.getByRole("link", { name: "打印通报" }).click();
    await page.waitForURL(/\/ranking\/print\?period=2027-01/);
    const title = page.getByRole("heading", { level: 1 });
    await title.waitFor();
    expect(await title.textContent()).toBe("铁峰乡2027年1月安全生产排查治理晾晒通报");
    expect(await page.locator(".print-summary p").allTextContents()).toEqual([
      "按时排查率最低：新华村（1/3，33.3%）。",
      "进步最大：铁峰村（上期 0% → 本期 50%）。",
      "重大隐患超期最多：铁峰石料厂（1件）。",
    ]);
    const villages = page.locator("table", { hasText: "村(社区)排名 · 2027年1月" });
    expect(rowsOf(await villages.locator("tbody tr").allTextContents())[0]).toBe(
      "1河口社区2/2100%001/10/0—1/10/10/1",
    );
    expect(await page.locator(".ranking-note").textContent()).toContain("期内在办督办");
    expect(await page.locator("table", { hasText: "企业排名" }).count()).toBe(3);
    // Printed: the menu and buttons are gone, the page is A4.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-actions").isVisible()).toBe(false);
    expect(await page.locator(".app-header").count()).toBe(0);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString("latin1"));
    // A4 is 595 × 842 points.
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([595, 842]);
    await context.close();
  });
});
