/**
 * 钉钉群机器人: POST `{ "msgtype": "markdown", "markdown": { "title", "text" } }`. With a
 * signing secret (加签, `SEC…`), the URL carries `timestamp` (ms) and `sign`: base64 of
 * HMAC-SHA256 over `"<timestamp>\n<secret>"` keyed by the secret, URL-encoded. The robot
 * refuses a timestamp more than an hour off, and answers `{ "errcode": 0 }` when it took
 * the message.
 */
import { createHmac } from "node:crypto";
import { SendError, type ChannelSender } from "../channel-sender.js";
import { assertRobotAccepted, postJson } from "./post-json.js";
import { robotMarkdown } from "./robot-markdown.js";

export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac("sha256", secret)
    .update(`${timestampMs}\n${secret}`, "utf8")
    .digest("base64");
  const signed = new URL(url);
  signed.searchParams.set("timestamp", String(timestampMs));
  signed.searchParams.set("sign", sign);
  return signed.toString();
}

export const dingtalkSender: ChannelSender = async (channel, message, { signal, now }) => {
  if (!channel.url) throw new SendError("the channel has no URL");
  const url = channel.secret
    ? dingtalkSignedUrl(channel.url, channel.secret, now.getTime())
    : channel.url;
  const body = JSON.stringify({
    msgtype: "markdown",
    markdown: { title: message.title, text: robotMarkdown(message) },
  });
  assertRobotAccepted(await postJson(url, body, {}, signal));
};
