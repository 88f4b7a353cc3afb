/**
 * Notifications in a real browser: a case event notifies a user, whose bell counts it
 * live (no reload); the list shows it; opening it opens the case and the count falls;
 * 全部已读 clears the rest; the list fits a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    const bell = page.getByRole("link", { name: /^通知/ });
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
});
