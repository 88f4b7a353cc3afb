/**
 * Issue 14: groups by name. A user admin renames a group on /settings/groups, and the
 * task that group handles shows the new name as its 办理人, never the group's key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;
let taskId: string;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("liuna", "刘娜", ["user-admin"]);
  await harness.createUser("zhangwei", "张伟", ["safety-office"]);
  await harness.fileEnterprise({ id: "E301", village: "V31", industry: "工贸" });
  const started = await harness.api<{ id: string }>("zhangwei", "POST", "/instances", {
    processKey: "hazard-closure",
    variables: {
      title: "危化品仓库通风不良",
      enterpriseId: "E301",
      source: "inspection",
      foundAt: "2026-11-20",
    },
  });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  const tasks = await harness.api<{ items: { id: string }[] }>(
    "zhangwei",
    "GET",
    `/tasks?instanceId=${started.body.id}`,
  );
  taskId = tasks.body.items[0]!.id;
});

afterAll(async () => {
  await harness?.close();
});

describe("/settings/groups", () => {
  it("renames a group, and the task it handles shows the new name", async () => {
    const admin = await harness.signIn("liuna");
    await admin.page.getByRole("link", { name: "用户组" }).click();
    await admin.page.waitForURL(/\/settings\/groups$/);
    const row = admin.page.getByRole("row").filter({ hasText: "safety-office" });
    const input = row.getByRole("textbox");
    await input.fill("铁峰乡应急办");
    await row.getByRole("button", { name: "保存" }).click();
    await eventually(() => row.getByRole("status").textContent()).toBe("已保存");
    // The saved name stays after a reload.
    await admin.page.reload();
    await eventually(() =>
      admin.page
        .getByRole("row")
        .filter({ hasText: "safety-office" })
        .getByRole("textbox")
        .inputValue(),
    ).toBe("铁峰乡应急办");
    await admin.context.close();

    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/tasks/${taskId}`);
    const handler = page
      .locator("dt", { hasText: "办理人" })
      .locator("xpath=following-sibling::dd[1]");
    await eventually(() => handler.textContent()).toBe("铁峰乡应急办");
    expect(await page.locator("body").textContent()).not.toContain("safety-office");
    await context.close();
  });
});
