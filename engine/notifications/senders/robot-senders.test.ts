/**
 * The group robots' JSON against their documented shapes, posted to a loopback stub:
 * 企业微信 `{ msgtype: "markdown", markdown: { content } }`; 钉钉
 * `{ msgtype: "markdown", markdown: { title, text } }` with 加签 `timestamp` and `sign`
 * (base64 HMAC-SHA256 of "timestamp\nsecret") in the URL. A robot's `errcode` ≠ 0 is a failure.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startLoopbackReceiver,
  type LoopbackReceiver,
} from "../../../test/support/loopback-receiver.js";
import type { OutgoingMessage, SendContext } from "../channel-sender.js";
import { dingtalkSender } from "./dingtalk-sender.js";
import { wecomSender } from "./wecom-sender.js";

let stub: LoopbackReceiver;
beforeAll(async () => {
  stub = await startLoopbackReceiver();
});
afterAll(() => stub.close());

const message: OutgoingMessage = {
  id: "5f0c1a52-0a47-4b3b-9d4e-6d1f3e2b7a10",
  instanceId: "0b9b6c1e-7a0f-4c43-9a53-2f2f1d8f9a10",
  processKey: "hazard-closure",
  title: "重大事故隐患已登记",
  message: "宏达机械：配电房线路老化，已判定为重大事故隐患",
  link: "https://zhiben.example.cn/instances/0b9b6c1e-7a0f-4c43-9a53-2f2f1d8f9a10",
  recipients: [
    { id: "huangzhiqiang", name: "黄志强" },
    { id: null, name: "黄建国" },
  ],
  mobile: null,
  createdAt: new Date("2026-11-27T02:00:00Z"),
};
const context = (): SendContext => ({
  signal: AbortSignal.timeout(5000),
  now: new Date("2026-11-27T02:00:05Z"),
  sms: null,
});
const target = (type: string, url: string, secret: string | null = null) => ({
  id: "c1",
  name: "群",
  type,
  url,
  secret,
});

describe("企业微信 group robot", () => {
  it("posts a markdown message with the title, the text, who is told and the case link", async () => {
    stub.requests.length = 0;
    await wecomSender(
      target("wecom", `${stub.url}/cgi-bin/webhook/send?key=abc`),
      message,
      context(),
    );
    const [post] = stub.requests;
    expect(post!.path).toBe("/cgi-bin/webhook/send");
    expect(post!.query.get("key")).toBe("abc");
    expect(post!.headers["content-type"]).toMatch(/^application\/json/);
    const body = JSON.parse(post!.body) as { msgtype: string; markdown: { content: string } };
    expect(Object.keys(body).sort()).toEqual(["markdown", "msgtype"]);
    expect(body.msgtype).toBe("markdown");
    expect(Object.keys(body.markdown)).toEqual(["content"]);
    expect(body.markdown.content).toBe(
      [
        "### 重大事故隐患已登记",
        "宏达机械：配电房线路老化，已判定为重大事故隐患",
        "> 通知：黄志强、黄建国",
        `[查看案件](${message.link})`,
      ].join("\n\n"),
    );
  });

  it("fails when the robot answers errcode ≠ 0 (e.g. over its rate)", async () => {
    stub.answers = [{ body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }];
    await expect(
      wecomSender(target("wecom", `${stub.url}/send?key=abc`), message, context()),
    ).rejects.toThrow("robot refused: errcode 45009 api freq out of limit");
  });
});

describe("钉钉 group robot", () => {
  it("signs the URL with timestamp and sign, and posts markdown with title and text", async () => {
    stub.requests.length = 0;
    const secret = "SEC0123456789abcdef";
    await dingtalkSender(
      target("dingtalk", `${stub.url}/robot/send?access_token=tok`, secret),
      message,
      context(),
    );
    const [post] = stub.requests;
    expect(post!.query.get("access_token")).toBe("tok");
    const timestamp = post!.query.get("timestamp");
    expect(timestamp).toBe(String(Date.parse("2026-11-27T02:00:05Z")));
    const sign = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    expect(post!.query.get("sign")).toBe(sign);
    const body = JSON.parse(post!.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe("markdown");
    expect(Object.keys(body.markdown).sort()).toEqual(["text", "title"]);
    expect(body.markdown.title).toBe("重大事故隐患已登记");
    expect(body.markdown.text).toContain("> 通知：黄志强、黄建国");
    expect(body.markdown.text).toContain(`[查看案件](${message.link})`);
  });

  it("without a secret, posts to the URL as given", async () => {
    stub.requests.length = 0;
    await dingtalkSender(
      target("dingtalk", `${stub.url}/robot/send?access_token=tok`),
      message,
      context(),
    );
    expect([...stub.requests[0]!.query.keys()]).toEqual(["access_token"]);
  });
});
