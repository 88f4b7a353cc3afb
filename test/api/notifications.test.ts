/**
 * A major hazard confirmed tells the enterprise's 主要负责人 and 实际控制人, found in the
 * directory, in the app and in the enterprise's 企业微信 group; the case's history lists
 * them; each reads and marks their messages. Channels are for admins, with the robot's
 * key never shown; an admin sees what was not delivered.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDirectory } from "../../processes/directory/directory.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { createSafetyDomain } from "../../processes/safety-domain.js";
import { startLoopbackReceiver, type LoopbackReceiver } from "../support/loopback-receiver.js";
import { createApiHarness, json, type ApiHarness } from "./api-harness.js";

interface NotificationPage {
  items: { id: string; message: string; instanceId: string; read: boolean; createdAt: string }[];
  unread: number;
}

let h: ApiHarness;
let robot: LoopbackReceiver;
let admin: string;
let office: string;
let principal: string;
let controller: string;
let hazardId: string;

beforeAll(async () => {
  robot = await startLoopbackReceiver();
  h = await createApiHarness({
    start: "2026-03-02T09:00:00+08:00",
    plugins: [createSafetyDomain()],
    notifications: { publicUrl: "https://zhiben.example.cn" },
  });
  await loadProcesses(h.engine);
  const directory = createDirectory({ db: h.engine.database.db, clock: h.clock });
  await directory.villages.create({ code: "tf01", name: "铁峰村" }, "test");
  await directory.enterprises.create(
    {
      id: "hongda",
      creditCode: "91110108551385082Q",
      name: "红达木业有限公司",
      village: "tf01",
      industry: "工贸",
      principal: { name: "黄志强", mobile: "13800000101" },
      controller: { name: "黄建国", mobile: "13800000102" },
    },
    "test",
  );
  for (const [username, name] of [
    ["huangzhiqiang", "黄志强"],
    ["huangjianguo", "黄建国"],
  ] as const) {
    await h.users.create({ username, name, password: "password-1", groups: [] });
    await directory.members.link(username, { enterpriseId: "hongda" }, "test");
  }
  admin = await h.signIn("root", ["process-admin"]);
  office = await h.signIn("liuna", ["safety-office"]);
  principal = await h.signIn("huangzhiqiang", []);
  controller = await h.signIn("huangjianguo", []);
});
afterAll(async () => {
  await h.close();
  await robot.close();
});

describe("channels (admin)", () => {
  test("a robot channel is stored with its key hidden; bad input lists each field", async () => {
    const refused = await h.call("POST", "/api/channels", {
      token: admin,
      body: { name: "传真", type: "fax", url: "ftp://x", groups: [] },
    });
    expect(refused.status).toBe(400);
    expect((await json<{ errors: { path: string }[] }>(refused)).errors.map((e) => e.path)).toEqual(
      ["type", "url", "groups"],
    );
    expect(
      (
        await h.call("POST", "/api/channels", {
          token: office,
          body: { name: "x", type: "wecom", url: robot.url, groups: ["x"] },
        })
      ).status,
    ).toBe(403);

    const created = await h.call("POST", "/api/channels", {
      token: admin,
      body: {
        name: "红达安全群",
        type: "wecom",
        url: `${robot.url}/cgi-bin/webhook/send?key=robot-key-123`,
        groups: ["enterprise-hongda"],
      },
    });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain("robot-key-123");
    expect(JSON.parse(text)).toMatchObject({
      name: "红达安全群",
      type: "wecom",
      urlHint: `${robot.url}/cgi-bin/webhook/send`,
      hasSecret: false,
      ratePerMinute: 20,
    });
    const listed = await h.call("GET", "/api/channels", { token: admin });
    expect(await listed.text()).not.toContain("robot-key-123");
  });
});

describe("a major hazard confirmed", () => {
  test("reaches the principal and the controller in the app and in the robot group; the history lists them", async () => {
    const started = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "hazard-closure",
        variables: {
          title: "配电房线路老化",
          enterpriseId: "hongda",
          source: "inspection",
          foundAt: "2026-03-01",
        },
      },
    });
    expect(started.status).toBe(201);
    hazardId = (await json<{ id: string }>(started)).id;
    const inbox = await json<{ items: { id: string }[] }>(
      await h.call("GET", `/api/tasks?instanceId=${hazardId}`, { token: office }),
    );
    const done = await h.call("POST", `/api/tasks/${inbox.items[0]!.id}/complete`, {
      token: office,
      body: { outcome: "CONFIRM_MAJOR", data: { basis: "《判定标准》第十条" } },
    });
    expect(done.status).toBe(200);
    await h.engine.runDueJobs();
    await h.engine.notifications.runDue();

    for (const token of [principal, controller]) {
      const page = await json<NotificationPage>(
        await h.call("GET", "/api/notifications?unread=true", { token }),
      );
      expect(page.unread).toBe(1);
      expect(page.items).toEqual([
        expect.objectContaining({
          message: expect.stringContaining("配电房线路老化，已判定为重大事故隐患") as string,
          instanceId: hazardId,
          read: false,
        }),
      ]);
    }
    expect(robot.requests).toHaveLength(1);
    const body = JSON.parse(robot.requests[0]!.body) as { markdown: { content: string } };
    expect(body.markdown.content).toContain("> 通知：黄志强、黄建国");
    expect(body.markdown.content).toContain(`https://zhiben.example.cn/instances/${hazardId}`);

    const history = await json<{ items: { kind: string; data: Record<string, unknown> }[] }>(
      await h.call("GET", `/api/instances/${hazardId}/history`, { token: office }),
    );
    const notified = history.items.find((e) => e.kind === "notified");
    expect(notified?.data.recipients).toEqual([
      { id: "huangzhiqiang", name: "黄志强", via: "enterprisePrincipal" },
      { id: "huangjianguo", name: "黄建国", via: "enterpriseController" },
    ]);
    expect(notified?.data.channels).toEqual([{ name: "红达安全群", type: "wecom" }]);
  });

  test("each reads: one marked read, then all; the case shows the deliveries read and sent", async () => {
    const page = await json<NotificationPage>(
      await h.call("GET", "/api/notifications", { token: principal }),
    );
    const read = await h.call("POST", `/api/notifications/${page.items[0]!.id}/read`, {
      token: principal,
    });
    expect(read.status).toBe(200);
    expect((await json<{ read: boolean }>(read)).read).toBe(true);
    // Not the controller's to mark.
    expect(
      (await h.call("POST", `/api/notifications/${page.items[0]!.id}/read`, { token: controller }))
        .status,
    ).toBe(404);
    expect(
      await json(await h.call("POST", "/api/notifications/read-all", { token: controller })),
    ).toEqual({ marked: 1, unread: 0 });

    const deliveries = await json<{
      items: {
        channelType: string;
        status: string;
        readAt: string | null;
        recipients: { name: string }[];
      }[];
    }>(await h.call("GET", `/api/instances/${hazardId}/deliveries`, { token: office }));
    const summary = deliveries.items
      .map(
        (d) =>
          `${d.channelType}:${d.recipients.map((r) => r.name).join("、")}:${d.status}:${d.readAt ? "read" : "unread"}`,
      )
      .sort();
    expect(summary).toEqual([
      "in-app:黄建国:sent:read",
      "in-app:黄志强:sent:read",
      "wecom:黄志强、黄建国:sent:unread",
    ]);
    // Each delivery names its notification, as the case's notified entry does.
    const history = await json<{ items: { kind: string; data: Record<string, unknown> }[] }>(
      await h.call("GET", `/api/instances/${hazardId}/history`, { token: office }),
    );
    const told = history.items.filter((e) => e.kind === "notified").map((e) => e.data.notification);
    expect(told).toHaveLength(1);
    expect(told[0]).toEqual(expect.any(String));
    const ids = deliveries.items.map((d) => (d as { notificationId?: unknown }).notificationId);
    expect(new Set(ids)).toEqual(new Set(told));
  });

  test("an admin sees nothing dead; others may not look", async () => {
    expect(
      await json(await h.call("GET", "/api/deliveries?status=dead", { token: admin })),
    ).toEqual({
      items: [],
    });
    expect((await h.call("GET", "/api/deliveries?status=dead", { token: office })).status).toBe(
      403,
    );
  });
});
