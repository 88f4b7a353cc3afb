/**
 * The case list as a dashboard number opens it: a link with process, overdue, village
 * and search filters lists just those cases (overdue ones marked 超期), shows the
 * filters it was opened with, keeps them in the URL when one changes; on a phone the
 * cases are cards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

/** A small process whose cases carry the village, the enterprise and `overdue`. */
const inspectionCase = {
  key: "case-list-check",
  name: "案件列表检查",
  businessKey: "查〔{year}〕{seq:3}号",
  visibility: ["safety-office"],
  variables: {
    type: "object",
    required: ["title", "village", "enterpriseId", "enterpriseName"],
    properties: {
      title: { type: "string" },
      village: { type: "string" },
      enterpriseId: { type: "string" },
      enterpriseName: { type: "string" },
      overdue: { type: "boolean" },
    },
  },
  initial: "checking",
  states: {
    checking: {
      label: "检查中",
      task: {
        name: "检查",
        candidateGroups: ["safety-office"],
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final", label: "已完成" },
  },
};

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-lin", "应急办 林芳", ["safety-office"]);
  await harness.fileEnterprise({
    id: "hongda",
    name: "宏达木业",
    village: "V01",
    industry: "工贸",
  });
  await harness.fileEnterprise({ id: "xinda", name: "鑫达燃气", village: "V02", industry: "燃气" });
  const published = await harness.api("admin", "POST", "/definitions", inspectionCase);
  expect(published.status).toBeLessThan(300);
  const start = (title: string, enterpriseId: string, village: string, overdue: boolean) =>
    harness.api("office-lin", "POST", "/instances", {
      processKey: "case-list-check",
      variables: {
        title,
        village,
        enterpriseId,
        enterpriseName: enterpriseId === "hongda" ? "宏达木业" : "鑫达燃气",
        overdue,
      },
    });
  await start("木粉仓未设置防爆门", "hongda", "V01", true);
  await start("除尘器未接地", "hongda", "V01", false);
  await start("钢瓶充装台未接地", "xinda", "V02", true);
});

afterAll(async () => {
  await harness?.close();
});

const titles = (page: import("playwright-core").Page) =>
  page.locator(".case-row .card-title a").allTextContents();

describe("the case list", () => {
  it("opens filtered from a dashboard-style link and keeps the filters in the URL", async () => {
    const { context, page } = await harness.signIn("office-lin");
    await page.goto(`${harness.url}/instances?process=case-list-check&overdue=true&village=V01`);
    await eventually(() => titles(page)).toEqual(["木粉仓未设置防爆门"]);
    const row = page.locator(".case-row").first();
    await expect.poll(() => row.textContent()).toContain("超期");
    expect(await row.textContent()).toContain("宏达木业");
    expect(await row.textContent()).toContain("查〔");
    expect(await page.getByLabel("只看超期").isChecked()).toBe(true);

    // Unticking 只看超期 lists the village's other case too; the URL follows.
    await page.getByLabel("只看超期").uncheck();
    await eventually(() => titles(page).then((t) => t.sort())).toEqual([
      "木粉仓未设置防爆门",
      "除尘器未接地",
    ]);
    expect(new URL(page.url()).searchParams.get("overdue")).toBeNull();
    expect(new URL(page.url()).searchParams.get("village")).toBe("V01");

    // A search by the enterprise's name, typed.
    await page.goto(`${harness.url}/instances?process=case-list-check`);
    await eventually(() => titles(page).then((t) => t.length)).toBe(3);
    await page.getByLabel("搜索").fill("鑫达");
    await page.getByLabel("搜索").press("Enter");
    await eventually(() => titles(page)).toEqual(["钢瓶充装台未接地"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("鑫达");
    await context.close();
  });

  it("shows cards on a phone, overdue ones marked", async () => {
    const { context, page } = await harness.signIn("office-lin", { width: 375, height: 740 });
    await page.goto(`${harness.url}/instances?process=case-list-check&overdue=true`);
    await eventually(() => titles(page).then((t) => t.sort())).toEqual([
      "木粉仓未设置防爆门",
      "钢瓶充装台未接地",
    ]);
    // Nothing scrolls sideways; the header row is hidden and each case is a block.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(await page.locator(".case-table thead").isVisible()).toBe(false);
    await harness.screenshot(page, "case-list-phone");
    await context.close();
  });
});
