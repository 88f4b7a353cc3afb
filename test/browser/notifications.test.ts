/**
 * Notifications in a real browser: a case event notifies a user, whose bell counts it
 * live (no reload); the list shows it; opening it opens the case and the count falls;
 * 全部已读 clears the rest; the list fits a phone. A process admin adds a webhook channel
 * (a bad URL refused at its field, in Chinese; the secret never shown), and sees a dead
 * delivery with its error and retries it. The case page tells each delivery's status,
 * and follows a slow webhook from 发送中 to 已送达 without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopbackReceiver } from "../support/loopback-receiver.js";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

const doorbell = {
  key: "doorbell",
  name: "来访登记",
  visibility: ["front-desk"],
  events: {
    RING: { schema: { type: "object", properties: { who: { type: "string", title: "来访人" } } } },
  },
  initial: "waiting",
  states: {
    waiting: {
      label: "等候来访",
      on: {
        RING: {
          target: "answered",
          actions: [
            {
              type: "notify",
              to: ["front-desk"],
              title: '"有人来访"',
              message: '"来访：" + event.data.who',
            },
          ],
        },
      },
    },
    answered: { label: "已接待", type: "final" },
  },
};

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("desk-li", "前台 李明", ["front-desk"]);
  const published = await harness.api("admin", "POST", "/definitions", doorbell);
  if (published.status !== 201 && published.status !== 200)
    throw new Error(`publish: ${JSON.stringify(published.body)}`);
});

afterAll(async () => {
  await harness?.close();
});

/** Starts a visit and rings: the front desk is notified. */
async function ring(who: string): Promise<string> {
  const started = await harness.api<{ id: string }>("admin", "POST", "/instances", {
    processKey: "doorbell",
    variables: {},
  });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  const sent = await harness.api("admin", "POST", `/instances/${started.body.id}/events`, {
    type: "RING",
    data: { who },
  });
  if (sent.status !== 200) throw new Error(`ring: ${JSON.stringify(sent.body)}`);
  return started.body.id;
}

describe("notifications", () => {
  it("counts a new notification on the bell live, lists it, and opens its case", async () => {
    const { context, page } = await harness.signIn("desk-li");
    const badge = page.getByTestId("notification-badge");
    const bell = page.getByRole("link", { name: /^通知(（\d+ 条未读）)?$/ });
    await bell.waitFor();
    expect(await badge.count()).toBe(0);

    await ring("快递员");
    await eventually(() => badge.textContent()).toBe("1");
    const second = await ring("维修工");
    await eventually(() => badge.textContent()).toBe("2");
    expect(await bell.getAttribute("aria-label")).toBe("通知（2 条未读）");

    await bell.click();
    await page.waitForURL(/\/notifications$/);
    const items = page.locator(".notification-item");
    await eventually(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain("来访：维修工");
    expect(await items.nth(0).textContent()).toContain("来访登记");
    expect(await page.locator(".notification-item.unread").count()).toBe(2);
    await harness.screenshot(page, "notifications");

    // Opening the newest opens its case and marks it read.
    await items.nth(0).getByRole("button").click();
    await page.waitForURL(new RegExp(`/instances/${second}$`));
    await eventually(() => badge.textContent()).toBe("1");
    // The case's history says it notified, and that the message was read.
    const notified = page.locator(".timeline-item.kind-notified");
    await eventually(() => notified.textContent()).toContain("系统 发出通知");
    expect(await notified.locator(".delivery-statuses").textContent()).toBe("站内：前台 李明 已读");

    // Only unread: the other one; 全部已读 leaves none, and the bell goes quiet.
    await page.goto(`${harness.url}/notifications?unread=true`);
    await eventually(() => items.count()).toBe(1);
    expect(await items.textContent()).toContain("来访：快递员");
    await page.getByRole("button", { name: "全部已读" }).click();
    await eventually(() => page.locator(".status-view.empty").textContent()).toContain(
      "没有符合条件的通知",
    );
    await eventually(() => badge.count()).toBe(0);
    await page.getByLabel("只看未读").uncheck();
    await eventually(() => items.count()).toBe(2);
    expect(await page.locator(".notification-item.unread").count()).toBe(0);
    expect(page.url()).not.toContain("unread");
    await context.close();
  });

  it("fits the list on a 375 px phone, with a clear empty state for a filter", async () => {
    const { context, page } = await harness.signIn("desk-li", { width: 375, height: 740 });
    await page.goto(`${harness.url}/notifications`);
    await eventually(() => page.locator(".notification-item").count()).toBeGreaterThan(0);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await harness.screenshot(page, "notifications-phone");
    await page.getByLabel("从").fill("2020-01-01");
    await page.getByLabel("到").fill("2020-01-31");
    await eventually(() => page.locator(".status-view.empty").textContent()).toContain(
      "没有符合条件的通知",
    );
    expect(await overflow()).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("adds a webhook channel: a bad URL is refused at its field, the secret is never shown", async () => {
    const { context, page } = await harness.signIn("admin");
    await page.getByRole("link", { name: "通知渠道" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    await page.getByRole("button", { name: "添加渠道" }).click();
    await page.getByLabel("名称").fill("前台系统");
    await page.getByLabel("类型").selectOption({ label: "Webhook" });
    await page.getByLabel("地址").fill("前台的地址");
    await page.getByLabel("密钥", { exact: true }).fill("hook-secret-123");
    // A group given by its name, not its key: refused at its field, in Chinese.
    await page.getByLabel("服务的用户组").fill("前台");
    await page.getByRole("button", { name: "保存" }).click();
    const groups = page.locator('.field[data-field="groups"]');
    await eventually(() => groups.locator(".field-error").textContent()).toBe(
      "组标识只能含字母、数字和 _ . : -，多个用空格分隔",
    );
    await page.getByLabel("服务的用户组").fill("front-desk");
    await page.getByRole("button", { name: "保存" }).click();
    const url = page.locator('.field[data-field="url"]');
    await eventually(() => url.locator(".field-error").textContent()).toBe("须填写 http(s) 地址");
    expect(await page.getByLabel("地址").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".field.has-error").count()).toBe(1);
    await harness.screenshot(page, "channel-form-error");

    // Loopback: nothing leaves the machine. A retry limit out of range is refused too.
    await page.getByLabel("地址").fill("http://127.0.0.1:9/front-desk?token=abc");
    await page.getByLabel("最多尝试次数").fill("50");
    await page.getByRole("button", { name: "保存" }).click();
    await eventually(() =>
      page.locator('.field[data-field="maxAttempts"] .field-error').textContent(),
    ).toBe("至多尝试20次");
    await page.getByLabel("最多尝试次数").fill("3");
    await page.getByRole("button", { name: "保存" }).click();
    const row = page.locator("tr", { hasText: "前台系统" });
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("已设置");
    expect(await row.textContent()).toContain("http://127.0.0.1:9/front-desk");
    expect(await page.content()).not.toContain("hook-secret-123");
    expect(await page.content()).not.toContain("token=abc");

    // Editing shows the secret as set, not its value; disabling it keeps it listed.
    await row.getByRole("button", { name: "编辑" }).click();
    expect(await page.getByLabel("密钥", { exact: true }).inputValue()).toBe("");
    expect(await page.locator('.field[data-field="secret"] .field-hint').textContent()).toBe(
      "已设置（不显示；留空不变）",
    );
    await page.getByRole("button", { name: "取消" }).click();
    await row.getByRole("button", { name: "停用" }).click();
    await eventually(() => row.textContent()).toContain("已停用");
    const channels = await harness.api<{ items: { name: string; enabled: boolean }[] }>(
      "admin",
      "GET",
      "/channels",
    );
    expect(channels.body.items).toEqual([
      expect.objectContaining({
        name: "前台系统",
        enabled: false,
        maxAttempts: 3,
        hasSecret: true,
      }),
    ]);
    await harness.screenshot(page, "channels");
    await context.close();
  });

  it("shows a dead delivery with its case, recipients and error, and retries it", async () => {
    const added = await harness.api<{ id: string }>("admin", "POST", "/channels", {
      name: "坏的接收方",
      type: "webhook",
      url: "http://127.0.0.1:9/nobody-listens",
      groups: ["front-desk"],
      maxAttempts: 1,
    });
    expect(added.status).toBe(201);
    const visit = await ring("送水工");
    await eventually(
      async () =>
        (await harness.api<{ items: unknown[] }>("admin", "GET", "/deliveries?status=dead")).body
          .items.length,
      { timeout: 30_000 },
    ).toBe(1);

    const { context, page } = await harness.signIn("admin");
    // The case shows each delivery's status beside its notified entry.
    await page.goto(`${harness.url}/instances/${visit}`);
    const statuses = page.locator(".timeline-item.kind-notified .delivery-statuses li");
    await eventually(() => statuses.allTextContents()).toEqual([
      "站内：前台 李明 已送达",
      "坏的接收方：前台 李明 失败",
    ]);
    await page.goto(`${harness.url}/settings/channels`);
    await page.getByRole("tab", { name: "未送达" }).click();
    const dead = page.locator(".dead-delivery");
    await eventually(() => dead.count()).toBe(1);
    const text = await dead.textContent();
    expect(text).toContain("有人来访");
    expect(text).toContain("坏的接收方");
    expect(text).toContain("前台 李明");
    expect(text).toContain("尝试次数1");
    expect(await dead.locator(".dead-error code").textContent()).not.toBe("—");
    expect(await dead.getByRole("link", { name: "查看案件" }).getAttribute("href")).toBe(
      `/instances/${visit}`,
    );
    await harness.screenshot(page, "dead-deliveries");
    await dead.getByRole("button", { name: "重试" }).click();
    await eventually(() => dead.locator(".retry-ok").textContent()).toBe("已重新排队，稍后发送");
    await context.close();
  });

  it("shows 发送中 on the case page while the webhook has not answered, then 已送达, without a reload", async () => {
    const receiver = await startLoopbackReceiver({ delayMs: 6000 });
    try {
      const channels = await harness.api<{ items: { id: string }[] }>("admin", "GET", "/channels");
      for (const channel of channels.body.items)
        await harness.api("admin", "DELETE", `/channels/${channel.id}`);
      const added = await harness.api("admin", "POST", "/channels", {
        name: "前台接收",
        type: "webhook",
        url: `${receiver.url}/hook`,
        groups: ["front-desk"],
      });
      expect(added.status).toBe(201);
      const visit = await ring("保洁员");
      const { context, page } = await harness.signIn("admin");
      await page.goto(`${harness.url}/instances/${visit}`);
      const webhook = page.locator(".timeline-item.kind-notified .delivery-statuses li", {
        hasText: "前台接收",
      });
      await eventually(() => webhook.textContent()).toBe("前台接收：前台 李明 发送中");
      await eventually(() => webhook.textContent(), { timeout: 30_000 }).toBe(
        "前台接收：前台 李明 已送达",
      );
      expect(receiver.accepted).toHaveLength(1);
      await context.close();
    } finally {
      await receiver.close();
    }
  });
});
