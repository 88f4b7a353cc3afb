/**
 * Notifications reach people through the worker: recipients resolved from groups, an
 * in-app message each, and a signed webhook post that survives a 500 and a lost answer
 * without being accepted twice, and goes dead after `maxAttempts` where admins see it.
 * Non-urgent ones wait for the morning digest; a robot channel keeps its rate.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUserStore } from "../../engine/identity/user-store.js";
import type { SmsProvider } from "../../engine/index.js";
import { startLoopbackReceiver, type LoopbackReceiver } from "../support/loopback-receiver.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const SECRET = "whsec-test-0123456789";
const sms: { mobile: string; text: string }[] = [];
const fakeSms: SmsProvider = {
  async send(mobile, text) {
    sms.push({ mobile, text });
  },
};

let t: TestEngine;
let receiver: LoopbackReceiver;

beforeAll(async () => {
  t = await openTestEngine({
    start: "2026-11-27T10:00:00+08:00",
    notifications: {
      publicUrl: "https://zhiben.example.cn/",
      sendTimeoutMs: 8000,
      retryDelayMs: 60_000,
      sms: fakeSms,
      resolvers: {
        // A role answered by the test: a person with a mobile and no account.
        dutyPhone: async (who) => [
          { name: `值班员${who}`, mobile: "13900000009", groups: ["office"] },
        ],
      },
    },
  });
  const users = createUserStore(t.engine.database.db);
  await users.create({ username: "li", name: "李明", password: "password-1", groups: ["office"] });
  await users.create({ username: "wu", name: "吴芳", password: "password-1", groups: ["office"] });
  await users.create({
    username: "out",
    name: "局外人",
    password: "password-1",
    groups: ["other"],
  });
  await t.engine.definitions.publish({
    key: "doorbell",
    name: "门铃",
    initial: "idle",
    states: {
      idle: {
        on: {
          RING: {
            actions: [
              {
                type: "notify",
                to: ["office"],
                title: '"有人按门铃"',
                message: '"来访：" + vars.visitor',
              },
            ],
          },
          NOTE: {
            actions: [
              {
                type: "notify",
                to: [{ dutyPhone: "vars.visitor" }],
                urgent: false,
                message: '"备忘：" + event.data.text',
              },
            ],
          },
          DONE: "done",
        },
      },
      done: { type: "final" },
    },
  });
  receiver = await startLoopbackReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

let channelId: string | null = null;
beforeEach(async () => {
  if (channelId) await t.engine.notifications.channels.remove(channelId);
  receiver.requests.length = 0;
  receiver.accepted.length = 0;
  receiver.answers = [];
  receiver.otherwise = {};
  channelId = (
    await t.engine.notifications.channels.create({
      name: "应急办系统",
      type: "webhook",
      url: `${receiver.url}/hook`,
      secret: SECRET,
      groups: ["office"],
      maxAttempts: 3,
    })
  ).id;
});

async function ring(visitor: string) {
  const bell = await t.engine.instances.start("doorbell", { visitor });
  await t.engine.instances.send(bell.id, { type: "RING" });
  await t.engine.runDueJobs();
  return bell;
}

describe("webhook delivery", () => {
  it("posts a signed body once, tells each member in the app, and lists them in the history", async () => {
    const bell = await ring("快递员");
    expect((await t.engine.notifications.inbox.list("li", { unread: true })).items).toEqual([
      expect.objectContaining({
        title: "有人按门铃",
        message: "来访：快递员",
        instanceId: bell.id,
        read: false,
      }),
    ]);
    expect((await t.engine.notifications.inbox.list("out")).items).toEqual([]);

    expect(await t.engine.notifications.runDue()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const [post] = receiver.requests;
    const timestamp = String(post!.headers["x-zhiben-timestamp"]);
    const expected = createHmac("sha256", SECRET)
      .update(`${timestamp}.${post!.body}`)
      .digest("hex");
    expect(post!.headers["x-zhiben-signature"]).toBe(`sha256=${expected}`);
    const body = JSON.parse(post!.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: post!.headers["idempotency-key"],
      instanceId: bell.id,
      processKey: "doorbell",
      title: "有人按门铃",
      message: `来访：快递员\n查看：https://zhiben.example.cn/instances/${bell.id}`,
      recipients: [
        { id: "li", name: "李明" },
        { id: "wu", name: "吴芳" },
      ],
      createdAt: "2026-11-27T02:00:00.000Z",
    });
    expect(Math.abs(Number(timestamp) - t.clock.now().getTime() / 1000)).toBeLessThan(2);

    const notified = (await t.engine.instances.history(bell.id)).find((h) => h.kind === "notified");
    expect(notified?.data).toMatchObject({
      recipients: [
        { id: "li", name: "李明", via: "group:office" },
        { id: "wu", name: "吴芳", via: "group:office" },
      ],
      channels: [{ name: "应急办系统", type: "webhook" }],
    });
    const statuses = await t.engine.notifications.deliveries.list({ instanceId: bell.id });
    expect(statuses.map((d) => [d.channelType, d.status]).sort()).toEqual([
      ["in-app", "sent"],
      ["in-app", "sent"],
      ["webhook", "sent"],
    ]);
  });

  it("retries a 500 after a back-off, and then delivers", async () => {
    receiver.answers = [{ status: 500, body: "busy" }];
    const bell = await ring("维修工");
    await t.engine.notifications.runDue();
    const [failed] = await t.engine.notifications.deliveries.list({
      status: "pending",
      instanceId: bell.id,
    });
    expect(failed).toMatchObject({ attempts: 1, lastError: "HTTP 500: busy" });
    // Not again before the back-off (60 s ± 50 %).
    t.clock.advance(20_000);
    expect(await t.engine.notifications.runDue()).toBe(0);
    t.clock.advance(80_000);
    expect(await t.engine.notifications.runDue()).toBe(1);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.accepted).toHaveLength(1);
    const sent = await t.engine.notifications.deliveries.list({
      status: "sent",
      instanceId: bell.id,
    });
    expect(sent.find((d) => d.channelType === "webhook")).toMatchObject({
      id: failed!.id,
      attempts: 2,
      lastError: null,
    });
  });

  it("a lost answer is retried with the same Idempotency-Key, so the receiver accepts one post", async () => {
    receiver.answers = [{ delayMs: 10_000 }];
    const bell = await ring("邮递员");
    await t.engine.notifications.runDue();
    const pending = await t.engine.notifications.deliveries.list({
      status: "pending",
      instanceId: bell.id,
    });
    expect(pending[0]?.lastError).toBe("timed out waiting for the receiver");
    t.clock.advance(100_000);
    await t.engine.notifications.runDue();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0]!.headers["idempotency-key"]).toBe(
      receiver.requests[1]!.headers["idempotency-key"],
    );
    expect(receiver.accepted).toHaveLength(1);
  });

  it("is dead after maxAttempts, shown with its error, and an admin's retry delivers it", async () => {
    receiver.otherwise = { status: 502, body: "bad gateway" };
    const bell = await ring("推销员");
    for (let i = 0; i < 3; i++) {
      await t.engine.notifications.runDue();
      t.clock.advance("PT10M");
    }
    expect(receiver.requests).toHaveLength(3);
    const dead = await t.engine.notifications.deliveries.list({
      status: "dead",
      instanceId: bell.id,
    });
    expect(dead).toEqual([
      expect.objectContaining({
        instanceId: bell.id,
        channelName: "应急办系统",
        attempts: 3,
        lastError: "HTTP 502: bad gateway",
      }),
    ]);
    expect(await t.engine.notifications.runDue()).toBe(0);

    receiver.otherwise = {};
    await t.engine.notifications.deliveries.retry(dead[0]!.id);
    expect(await t.engine.notifications.runDue()).toBe(1);
    expect(receiver.accepted).toHaveLength(1);
    expect(
      await t.engine.notifications.deliveries.list({ status: "dead", instanceId: bell.id }),
    ).toEqual([]);
  });
});

describe("message centre", () => {
  it("counts unread, marks one and then all read", async () => {
    await ring("送水工");
    await ring("抄表员");
    const before = await t.engine.notifications.inbox.list("wu", { unread: true });
    expect(before.unread).toBe(before.items.length);
    const first = before.items[0]!;
    expect((await t.engine.notifications.inbox.markRead("wu", first.id)).read).toBe(true);
    expect(await t.engine.notifications.inbox.unreadCount("wu")).toBe(before.unread - 1);
    await expect(t.engine.notifications.inbox.markRead("out", first.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await t.engine.notifications.inbox.markAllRead("wu")).toBe(before.unread - 1);
    expect(await t.engine.notifications.inbox.unreadCount("wu")).toBe(0);
    // Li's are Li's own.
    expect(await t.engine.notifications.inbox.unreadCount("li")).toBeGreaterThan(0);
  });
});

describe("quiet hours", () => {
  it("holds non-urgent SMS for the 08:30 digest, one message per person", async () => {
    const smsChannel = await t.engine.notifications.channels.create({
      name: "短信",
      type: "sms",
      groups: ["office"],
    });
    t.clock.set("2026-11-27T22:00:00+08:00");
    const bell = await t.engine.instances.start("doorbell", { visitor: "甲" });
    await t.engine.instances.send(bell.id, { type: "NOTE", data: { text: "明早换锁" } });
    await t.engine.instances.send(bell.id, { type: "NOTE", data: { text: "物业来电" } });
    await t.engine.runDueJobs();
    sms.length = 0;
    await t.engine.notifications.runDue();
    t.clock.set("2026-11-28T08:29:00+08:00");
    await t.engine.notifications.runDue();
    expect(sms).toEqual([]);
    t.clock.set("2026-11-28T08:30:00+08:00");
    await t.engine.notifications.runDue();
    expect(sms).toEqual([
      {
        mobile: "13900000009",
        text: expect.stringMatching(
          /^治本通知汇总（2条）：1\. 备忘：明早换锁 .*\n2\. 备忘：物业来电 /,
        ),
      },
    ]);
    await t.engine.notifications.channels.remove(smsChannel.id);
  });
});

describe("rate limit", () => {
  it("spreads 100 notifications to one robot over five minutes (20 a minute), none lost", async () => {
    const robot = await startLoopbackReceiver();
    const channel = await t.engine.notifications.channels.create({
      name: "应急办群机器人",
      type: "wecom",
      url: `${robot.url}/cgi-bin/webhook/send?key=k`,
      groups: ["office"],
    });
    expect(channel.ratePerMinute).toBe(20);
    t.clock.set("2026-11-28T10:00:00+08:00");
    const bell = await t.engine.instances.start("doorbell", { visitor: "团队" });
    for (let i = 0; i < 100; i++) await t.engine.instances.send(bell.id, { type: "RING" });
    await t.engine.runDueJobs();
    const perMinute: number[] = [];
    for (let minute = 0; minute < 6; minute++) {
      const before = robot.requests.length;
      // Several rounds within the minute: the limit holds across them.
      for (let round = 0; round < 3; round++) {
        await t.engine.notifications.runDue();
        t.clock.advance(15_000);
      }
      perMinute.push(robot.requests.length - before);
      t.clock.advance(15_000);
    }
    expect(perMinute).toEqual([20, 20, 20, 20, 20, 0]);
    expect(robot.accepted).toHaveLength(100);
    const robotDeliveries = (
      await t.engine.notifications.deliveries.list({ instanceId: bell.id, limit: 500 })
    ).filter((d) => d.channelType === "wecom");
    expect(robotDeliveries).toHaveLength(100);
    expect(robotDeliveries.every((d) => d.status === "sent")).toBe(true);
    await t.engine.notifications.channels.remove(channel.id);
    await robot.close();
  });
});
