/**
 * 转办 by name: the safety office types 陈军 (or his pinyin initials), picks him from the
 * people the task may go to, and hands the task over; the inbox confirms to whom, the
 * case's 办理记录 has the delegation with both names, and the task is his.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;
let instanceId: string;
let taskId: string;

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("zhangwei", "张伟", ["safety-office"]);
  await harness.createUser("chenjun", "陈军", ["village-V01"]);
  await harness.createUser("lixia", "李霞", ["village-V02"]);
  await harness.fileEnterprise({
    id: "hongda",
    name: "宏达木业",
    village: "V01",
    industry: "工贸",
  });
  const started = await harness.api<{ id: string }>("zhangwei", "POST", "/instances", {
    processKey: "hazard-closure",
    variables: {
      title: "木粉仓未设置防爆门",
      enterpriseId: "hongda",
      source: "inspection",
      foundAt: "2026-11-20",
    },
  });
  expect(started.status).toBe(201);
  instanceId = started.body.id;
  const tasks = await harness.api<{ items: { id: string }[] }>(
    "zhangwei",
    "GET",
    `/tasks?instanceId=${instanceId}`,
  );
  taskId = tasks.body.items[0]!.id;
});

afterAll(async () => {
  await harness?.close();
});

describe("转办", () => {
  it("finds 陈军 by name, hands the task over and says so", async () => {
    // Only people who may take the task are offered: 李霞's village cannot see this case.
    const offered = await harness.api<{ items: { name: string }[] }>(
      "zhangwei",
      "GET",
      `/tasks/${taskId}/delegates?q=${encodeURIComponent("李")}`,
    );
    expect(offered.body.items.map((p) => p.name)).toEqual([]);
    const byInitials = await harness.api<{ items: { name: string }[] }>(
      "zhangwei",
      "GET",
      `/tasks/${taskId}/delegates?q=cj`,
    );
    expect(byInitials.body.items.map((p) => p.name)).toEqual(["陈军"]);

    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/tasks/${taskId}`);
    await page.getByText("转办", { exact: true }).click();
    await page.getByRole("combobox", { name: "转办给" }).fill("陈军");
    await page.getByRole("option", { name: /陈军/ }).click();
    await page.getByRole("button", { name: "转办给 陈军" }).click();
    await page.waitForURL(/\/inbox/);
    await eventually(() => page.getByText("已将「隐患判定」转办给 陈军").count()).toBe(1);

    const task = await harness.api<{ assignee: string; status: string }>(
      "chenjun",
      "GET",
      `/tasks/${taskId}`,
    );
    expect(task.body).toMatchObject({ assignee: "chenjun", status: "claimed" });

    await page.goto(`${harness.url}/instances/${instanceId}`);
    const history = page.getByRole("list", { name: "办理记录" });
    await eventually(() => history.textContent()).toContain("张伟 将「隐患判定」转办给 陈军");
    await context.close();
  });
});
