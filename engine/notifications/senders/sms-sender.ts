/** SMS through the application's provider (`notifications.sms`); none is shipped. */
import { SendError, type ChannelSender } from "../channel-sender.js";

export const smsSender: ChannelSender = async (_channel, message, { signal, sms }) => {
  if (!sms) throw new SendError("no SMS provider is configured");
  if (!message.mobile) throw new SendError("the recipient has no mobile number");
  const text = [message.title, message.message].filter(Boolean).join("：");
  await sms.send(message.mobile, text, { id: message.id, signal });
};
