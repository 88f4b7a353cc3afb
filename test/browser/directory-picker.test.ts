/** The enterprise picker of a start form: found by pinyin initials and by part of the credit code, on a phone too. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;
let creditCode: string;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-he", "应急办 何静", ["safety-office"]);
  await harness.fileEnterprise({
    id: "tfhg",
    name: "铁峰化工有限公司",
    village: "V01",
    industry: "危险化学品",
  });
  await harness.fileEnterprise({
    id: "hdmy",
    name: "红达木业有限公司",
    village: "V02",
    industry: "工贸",
  });
  const filed = await harness.api<{ creditCode: string }>("office-he", "GET", "/enterprises/tfhg");
  creditCode = filed.body.creditCode;
});

afterAll(async () => {
  await harness?.close();
});

describe("the enterprise picker", () => {
  it.each([
    ["desktop", 1400, 900],
    ["phone", 375, 740],
  ])(
    "finds by pinyin initials and by part of the credit code (%s)",
    async (_name, width, height) => {
      const { context, page } = await harness.signIn("office-he", { width, height });
      await page.goto(`${harness.url}/start/hazard-closure`);
      const picker = page.getByRole("combobox", { name: "企业" });
      await picker.waitFor();

      await picker.fill("tfhg");
      // The picker's own list (the form's select has options too).
      const options = page.getByRole("listbox").getByRole("option");
      await expect
        .poll(() => options.allTextContents())
        .toEqual([expect.stringContaining("铁峰化工有限公司")]);

      await picker.fill(creditCode.slice(6, 13));
      await expect
        .poll(() => options.allTextContents())
        .toEqual([expect.stringContaining("铁峰化工有限公司")]);
      await options.filter({ hasText: "铁峰化工有限公司" }).click();
      await expect.poll(() => picker.inputValue()).toBe("铁峰化工有限公司");
      // The list fits the phone's width: nothing scrolls sideways.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);

      await page.getByLabel("隐患名称").fill(`${_name}：储罐区防火堤破损`);
      await page.getByLabel("隐患来源").selectOption({ label: "监督检查" });
      await page.getByLabel("发现日期").fill("2026-11-25");
      await page.getByRole("button", { name: "提交" }).click();
      await page.waitForURL(/\/instances\//);
      const id = new URL(page.url()).pathname.split("/").pop()!;
      const started = await harness.api<{ vars: Record<string, unknown> }>(
        "office-he",
        "GET",
        `/instances/${id}`,
      );
      expect(started.body.vars).toMatchObject({
        enterpriseId: "tfhg",
        enterpriseName: "铁峰化工有限公司",
        village: "V01",
        industry: "危险化学品",
      });
      await context.close();
    },
  );

  it("the 一企一档 pages: the list filtered by high risk, the detail with the enterprise's open hazards (phone)", async () => {
    const { context, page } = await harness.signIn("office-he", { width: 375, height: 740 });
    await page.goto(`${harness.url}/enterprises`);
    await page.getByRole("link", { name: "红达木业有限公司" }).waitFor();
    await page.getByLabel("只看高危行业").click();
    await expect
      .poll(() => page.locator("tbody tr").allTextContents())
      .toEqual([expect.stringContaining("铁峰化工有限公司")]);
    await page.getByRole("link", { name: "铁峰化工有限公司" }).click();
    await page.waitForURL(/\/enterprises\/tfhg/);
    const hazards = page.getByRole("region", { name: "在办隐患" });
    await expect.poll(() => hazards.getByRole("link").count()).toBe(2);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await harness.screenshot(page, "enterprise-page-phone");
    await context.close();
  });

  it("lists the villages with their enterprises, and a village opens its enterprises", async () => {
    const { context, page } = await harness.signIn("office-he");
    await page.goto(`${harness.url}/villages`);
    const row = page.locator("tbody tr", { hasText: "V02村" });
    await expect.poll(() => row.locator('td[data-label="企业数"]').textContent()).toBe("1");
    await page.getByLabel("查找").fill("V01");
    await expect
      .poll(() => page.locator("tbody tr").allTextContents())
      .toEqual([expect.stringContaining("V01村")]);
    await page.getByRole("link", { name: "V01村" }).click();
    await page.waitForURL(/\/enterprises\?village=V01/);
    await expect
      .poll(() => page.locator("tbody tr").allTextContents())
      .toEqual([expect.stringContaining("铁峰化工有限公司")]);
    await context.close();
  });

  it("picks references inside a list and inside a group of fields: ids stored, names shown", async () => {
    const joint = {
      key: "joint-check",
      name: "联合检查",
      visibility: ["safety-office"],
      variables: {
        type: "object",
        required: ["enterprises"],
        properties: {
          enterprises: {
            type: "array",
            title: "被检查企业",
            minItems: 1,
            items: { type: "string", "x-ref": "enterprise" },
          },
          meeting: {
            type: "object",
            title: "碰头会",
            properties: { village: { type: "string", title: "地点", "x-ref": "village" } },
          },
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
    const published = await harness.api("admin", "POST", "/definitions", joint);
    expect(published.body).toMatchObject({ key: "joint-check" });
    const { context, page } = await harness.signIn("office-he");
    await page.goto(`${harness.url}/start/joint-check`);
    const options = page.getByRole("listbox").getByRole("option");
    const pick = async (picker: import("playwright-core").Locator, text: string, name: string) => {
      await picker.fill(text);
      await options.filter({ hasText: name }).click();
    };
    const adder = page.getByRole("combobox", { name: "被检查企业" });
    await pick(adder, "tfhg", "铁峰化工有限公司");
    await pick(adder, "hdmy", "红达木业有限公司");
    // Each chosen enterprise has its own picker, showing its name, and can be removed.
    const chosen = page.locator(".reference-list-item input");
    await expect
      .poll(() => chosen.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
      .toEqual(["铁峰化工有限公司", "红达木业有限公司"]);
    await pick(page.getByRole("combobox", { name: "地点" }), "V02", "V02村");
    await page.getByRole("button", { name: "提交" }).click();
    await page.waitForURL(/\/instances\//);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const started = await harness.api<{ vars: Record<string, unknown> }>(
      "office-he",
      "GET",
      `/instances/${id}`,
    );
    expect(started.body.vars).toMatchObject({
      enterprises: ["tfhg", "hdmy"],
      meeting: { village: "V02" },
    });
    await context.close();
  });
});
