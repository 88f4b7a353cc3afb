/**
 * Zod schemas of `/schedules`: a definition's schedules, their next slots, pause and
 * resume, and who did which when.
 */
import { z } from "@hono/zod-openapi";
import type { ScheduleAuditEntry, ScheduleStatus } from "../../engine/index.js";
import { JsonObjectSchema, ProcessKeySchema } from "./common-schemas.js";

export const ScheduleParamSchema = z.object({
  processKey: ProcessKeySchema.openapi({
    param: { name: "processKey", in: "path" },
    example: "self-check",
  }),
  scheduleKey: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, "a schedule key is a–z, 0–9 and -, starting with a letter")
    .openapi({ param: { name: "scheduleKey", in: "path" }, example: "daily" }),
});

export const ScheduleListQuerySchema = z.object({
  processKey: ProcessKeySchema.optional().openapi({ param: { name: "processKey", in: "query" } }),
});

const reasonMessage = "暂停原因应为文字，1 到 500 个字";

/** Pausing says why (kept in the audit); 400 in Chinese when the reason is missing or bad. */
export const SchedulePauseBodySchema = z
  .object(
    {
      reason: z
        .string({
          error: (issue) => (issue.input === undefined ? "请填写暂停原因" : reasonMessage),
        })
        .trim()
        .min(1, "请填写暂停原因")
        .max(500, reasonMessage),
    },
    { error: '请求内容应为 JSON 对象，如 {"reason": "春节停工"}' },
  )
  .openapi("SchedulePause", { example: { reason: "春节停工" } });

/** Resuming may say why. */
export const ScheduleResumeBodySchema = z
  .object({
    reason: z
      .string({ error: "原因应为文字，最多 500 个字" })
      .trim()
      .max(500, "原因应为文字，最多 500 个字")
      .optional(),
  })
  .openapi("ScheduleResume", { example: { reason: "复工" } });

export const ScheduleSchema = z
  .object({
    processKey: z.string(),
    key: z.string(),
    label: z.string().nullable(),
    version: z.number().int(),
    active: z.boolean(),
    paused: z.boolean(),
    pausedBy: z.string().nullable(),
    pausedAt: z.string().nullable(),
    firedThrough: z.string(),
    description: z.string().openapi({ example: "每个工作日 18:00，每家门店一件" }),
    schedule: JsonObjectSchema,
    nextSlots: z.array(z.string()),
  })
  .openapi("Schedule");

export const SourceSchema = z
  .object({ name: z.string(), label: z.string(), unit: z.string() })
  .openapi("ScheduleSource", { example: { name: "shops", label: "门店", unit: "家" } });

export const ScheduleListSchema = z
  .object({ items: z.array(ScheduleSchema), sources: z.array(SourceSchema) })
  .openapi("ScheduleList");

/** `GET /schedules` as the web app receives it. */
export type ScheduleListJson = z.infer<typeof ScheduleListSchema>;
export type ScheduleJson = z.infer<typeof ScheduleSchema>;

export const ScheduleAuditSchema = z
  .object({
    items: z.array(
      z.object({
        action: z.enum(["pause", "resume"]),
        actor: z.string(),
        at: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .openapi("ScheduleAudit");

export function scheduleJson(s: ScheduleStatus): z.infer<typeof ScheduleSchema> {
  return {
    ...s,
    pausedAt: s.pausedAt?.toISOString() ?? null,
    firedThrough: s.firedThrough.toISOString(),
    schedule: s.schedule as Record<string, unknown>,
    nextSlots: s.nextSlots.map((d) => d.toISOString()),
  };
}

export function scheduleAuditJson(
  entries: ScheduleAuditEntry[],
): z.infer<typeof ScheduleAuditSchema> {
  return {
    items: entries.map(({ action, actor, at, reason }) => ({
      action,
      actor,
      at: at.toISOString(),
      reason,
    })),
  };
}
