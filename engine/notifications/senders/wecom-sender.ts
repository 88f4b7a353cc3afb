/**
 * 企业微信群机器人: POST `{ "msgtype": "markdown", "markdown": { "content" } }` to the
 * robot's webhook URL (its `key` is in the URL); it answers `{ "errcode": 0 }` when it
 * took the message. The robot has no idempotency key: a retry after a lost answer may
 * post twice, which is why a sent delivery is never sent again.
 */
import { SendError, type ChannelSender } from "../channel-sender.js";
import { assertRobotAccepted, postJson } from "./post-json.js";
import { robotMarkdown } from "./robot-markdown.js";

export const wecomSender: ChannelSender = async (channel, message, { signal }) => {
  if (!channel.url) throw new SendError("the channel has no URL");
  const body = JSON.stringify({
    msgtype: "markdown",
    markdown: { content: robotMarkdown(message) },
  });
  assertRobotAccepted(await postJson(channel.url, body, {}, signal));
};
