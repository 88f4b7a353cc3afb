/**
 * Issue 14: a process admin sets the township's rule for an escalation after an approved
 * extension on /settings/township, in Chinese; the default is 结束督办, and the saved choice
 * is what the API (and so the next escalation) reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("乡镇规则", () => {
  it("shows 结束督办 by default and saves 暂停督办，再逾期时在原级别继续", async () => {
    const { context, page } = await harness.signIn("admin");
    await page.getByRole("link", { name: "乡镇规则" }).click();
    await page.waitForURL(/\/settings\/township$/);
    const end = page.getByRole("radio", { name: /结束督办（默认）/ });
    const keep = page.getByRole("radio", { name: /暂停督办，再逾期时在原级别继续/ });
    await eventually(() => end.isChecked()).toBe(true);
    expect(await keep.isChecked()).toBe(false);
    const save = page.getByRole("button", { name: "保存" });
    expect(await save.isDisabled()).toBe(true);

    await keep.check();
    await save.click();
    await eventually(() => page.getByRole("status").textContent()).toBe("已保存");
    expect(await page.getByTestId("rules-updated").textContent()).toContain("最近修改");
    const saved = await harness.api<{ escalationAfterExtension: string }>(
      "admin",
      "GET",
      "/township-settings",
    );
    expect(saved.body.escalationAfterExtension).toBe("continue");

    await page.reload();
    await eventually(() =>
      page.getByRole("radio", { name: /暂停督办，再逾期时在原级别继续/ }).isChecked(),
    ).toBe(true);
    await harness.screenshot(page, "township-rules");
    await context.close();
  });
});
