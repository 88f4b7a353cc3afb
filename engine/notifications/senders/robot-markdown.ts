/** The markdown both group robots show: title, text, who is told, and the case's link. */
import type { OutgoingMessage } from "../channel-sender.js";

export function robotMarkdown(message: OutgoingMessage): string {
  const lines = [`### ${message.title}`, message.message];
  const names = message.recipients.map((r) => r.name).filter(Boolean);
  if (names.length > 0) lines.push(`> 通知：${names.join("、")}`);
  if (message.link) lines.push(`[查看案件](${message.link})`);
  return lines.join("\n\n");
}
