/**
 * Zod schemas of group names and of the names an instance mentions.
 */
import { z } from "@hono/zod-openapi";
import { GroupNameSchema } from "./user-schemas.js";

export const GroupSchema = z
  .object({
    key: z.string(),
    name: z.string().nullable().openapi({
      description: "The name people read; null when the group has none (shown by its key)",
    }),
    custom: z.boolean().openapi({
      description: "Whether a user admin set the name (else a default, or the directory's name)",
    }),
  })
  .openapi("Group");

export const GroupKeyParamSchema = z.object({
  key: GroupNameSchema.openapi({ param: { name: "key", in: "path" } }),
});

export const RenameGroupBodySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "请填写名称")
      .max(50, "名称不超过 50 个字")
      .openapi({ example: "安监办" }),
  })
  .openapi("RenameGroup");

export const InstanceNamesSchema = z
  .object({
    users: z.record(z.string(), z.string()).openapi({ description: "user id → display name" }),
    groups: z.record(z.string(), z.string()).openapi({ description: "group key → name" }),
  })
  .openapi("InstanceNames");

export type GroupJson = z.infer<typeof GroupSchema>;
export type InstanceNamesJson = z.infer<typeof InstanceNamesSchema>;
