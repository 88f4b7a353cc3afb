/**
 * The dashboard in a real browser: charts with the same numbers in tables, and the
 * hazard ledger downloaded as an Excel workbook.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  reportMajorHazard,
  startBrowserHarness,
  type BrowserHarness,
} from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-zhao", "应急办 赵敏", ["safety-office"]);
  await reportMajorHazard(harness, "office-zhao", {
    title: "配电房电缆老化",
    enterpriseId: "E001",
    village: "V01",
    industry: "工贸",
  });
  await reportMajorHazard(harness, "office-zhao", {
    title: "液氨储罐阀门泄漏",
    enterpriseId: "E002",
    village: "V01",
    industry: "危险化学品",
  });
  await reportMajorHazard(harness, "office-zhao", {
    title: "粉尘除尘系统未接地",
    enterpriseId: "E003",
    village: "V02",
    industry: "工贸",
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("dashboard", () => {
  it("shows the hazards by village and industry as charts and tables, and downloads the ledger", async () => {
    const { context, page } = await harness.signIn("office-zhao");
    await page.getByRole("link", { name: "统计" }).click();
    await page.waitForURL(/\/dashboard/);
    const byVillage = page.getByRole("region", { name: "隐患·按村（社区）" });
    await byVillage.locator(".chart svg").waitFor();
    expect(await page.locator(".chart svg").count()).toBeGreaterThanOrEqual(4);

    const villageRows = await byVillage.locator("tbody tr").allTextContents();
    expect(villageRows).toHaveLength(3); // two villages and 合计
    const v01 = byVillage.locator("tbody tr", { hasText: "V01" }).locator("td");
    expect(await v01.nth(1).textContent()).toBe("2");
    const byIndustry = page.getByRole("region", { name: "隐患·按行业" });
    expect(
      await byIndustry
        .locator("tbody tr", { hasText: "危险化学品" })
        .locator("td")
        .nth(1)
        .textContent(),
    ).toBe("1");
    expect(
      await page.locator(".kpi", { hasText: "隐患总数" }).locator(".kpi-value").textContent(),
    ).toBe("3");
    await page.waitForTimeout(500);
    await harness.screenshot(page, "dashboard");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载隐患台账（Excel）" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^隐患台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const bytes = await readFile(file);
    // An .xlsx is a zip archive.
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(bytes.length).toBeGreaterThan(1000);
    await context.close();
  });

  it("each row adds up to its 总数, and a number opens the cases it counts", async () => {
    const { context, page } = await harness.signIn("office-zhao");
    await page.getByRole("link", { name: "统计" }).click();
    await page.waitForURL(/\/dashboard/);
    const byVillage = page.getByRole("region", { name: "隐患·按村（社区）" });
    const totals = byVillage.locator("tbody tr.totals td");
    await totals.first().waitFor();
    const cells = (await totals.allTextContents()).map((t) => parseInt(t, 10));
    // 合计 | 总数 | 在办 | 其中超期 | 已销号 | 不予立案 | 已终止
    expect(cells[1]).toBe(3);
    expect(cells[2]! + cells[4]! + cells[5]! + cells[6]!).toBe(cells[1]);

    await byVillage.getByRole("link", { name: /V01.* 在办 2$/ }).click();
    await page.waitForURL(/\/instances\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      process: "hazard-closure",
      village: "V01",
      status: "running",
    });
    await page.locator(".case-row").first().waitFor();
    const titles = await page.locator(".case-row").allTextContents();
    expect(titles).toHaveLength(2);
    expect(titles.join(" ")).toContain("配电房电缆老化");
    expect(titles.join(" ")).toContain("液氨储罐阀门泄漏");
    await context.close();
  });
});
