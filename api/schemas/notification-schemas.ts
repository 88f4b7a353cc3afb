/**
 * Zod schemas of the message centre, the channels admins configure, and deliveries.
 */
import { z } from "@hono/zod-openapi";
import type { ChannelView, DeliveryView, InboxMessage } from "../../engine/index.js";
import { GroupNameSchema, UsernameSchema } from "./user-schemas.js";

export const NotificationSchema = z
  .object({
    id: z.string(),
    title: z.string().nullable(),
    message: z.string(),
    instanceId: z.string().nullable(),
    processKey: z.string().nullable(),
    urgent: z.boolean(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Notification");

export const NotificationPageSchema = z
  .object({
    items: z.array(NotificationSchema),
    unread: z
      .number()
      .int()
      .openapi({ description: "The user's unread count, whatever the filters" }),
    nextCursor: z.string().nullable(),
  })
  .openapi("NotificationPage");

export const NotificationQuerySchema = z.object({
  unread: z.enum(["true", "false", "1", "0"]).optional(),
  processKey: z.string().min(1).max(64).optional(),
  from: z.iso
    .date("日期格式应为 2026-11-29")
    .optional()
    .openapi({ description: "Created on or after (Beijing date)" }),
  to: z.iso
    .date("日期格式应为 2026-11-29")
    .optional()
    .openapi({ description: "Created on or before (Beijing date)" }),
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1, "至少 1 条").max(200, "最多 200 条").optional(),
});

export const notificationJson = (m: InboxMessage) => ({
  ...m,
  readAt: m.readAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

const CHANNEL_TYPES = ["webhook", "wecom", "dingtalk", "sms"] as const;

const channelFields = {
  name: z.string().trim().min(1, "名称不能为空").max(100, "名称最多100字"),
  type: z
    .string()
    .min(1)
    .max(40)
    .openapi({
      enum: [...CHANNEL_TYPES],
      description: "webhook | wecom | dingtalk | sms (or an application's own)",
    }),
  url: z.string().max(2000, "地址最长2000字符").nullable().optional().openapi({
    description:
      "Where to POST (a robot's webhook URL with its key); stored encrypted, never returned",
  }),
  secret: z
    .string()
    .min(1, "密钥不能为空")
    .max(500, "密钥最长500字符")
    .nullable()
    .optional()
    .openapi({
      description:
        "Webhook HMAC secret or DingTalk 加签 secret (SEC…); stored encrypted, never returned",
    }),
  groups: z.array(GroupNameSchema).max(100, "最多100个组"),
  users: z.array(UsernameSchema).max(100, "最多100个用户").optional(),
  ratePerMinute: z.number().int().min(1, "至少每分钟1条").max(600, "至多每分钟600条").optional(),
  maxAttempts: z.number().int().min(1, "至少尝试1次").max(20, "至多尝试20次").optional(),
  enabled: z.boolean().optional(),
};

export const NewChannelSchema = z.object(channelFields).openapi("NewChannel");

export const ChannelChangesSchema = z
  .object({
    ...channelFields,
    name: channelFields.name.optional(),
    type: channelFields.type.optional(),
    groups: channelFields.groups.optional(),
  })
  .openapi("ChannelChanges");

export const ChannelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    urlHint: z.string().nullable().openapi({ description: "Scheme, host and path only" }),
    hasSecret: z.boolean(),
    groups: z.array(z.string()),
    users: z.array(z.string()),
    ratePerMinute: z.number().int(),
    maxAttempts: z.number().int(),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Channel");

export const channelJson = (c: ChannelView) => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

export const DeliverySchema = z
  .object({
    id: z.string(),
    notificationId: z.string().openapi({
      description:
        "The notification delivered: `data.notification` of the case's `notified` history entry",
    }),
    instanceId: z.string().nullable(),
    processKey: z.string().nullable(),
    channelType: z.string(),
    channelName: z.string().nullable(),
    recipients: z.array(z.object({ id: z.string().nullable(), name: z.string(), via: z.string() })),
    title: z.string().nullable(),
    message: z.string(),
    urgent: z.boolean(),
    status: z.enum(["pending", "sending", "sent", "dead"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    dueAt: z.string(),
    sentAt: z.string().nullable(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Delivery");

export const DeliveryQuerySchema = z.object({
  status: z.enum(["pending", "sending", "sent", "dead"]).optional(),
  instanceId: z.uuid("不是合法的实例编号").optional(),
  limit: z.coerce.number().int().min(1, "至少 1 条").max(500, "最多 500 条").optional(),
});

export const deliveryJson = (d: DeliveryView) => ({
  ...d,
  dueAt: d.dueAt.toISOString(),
  sentAt: d.sentAt?.toISOString() ?? null,
  readAt: d.readAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});
