/**
 * The directory's wire shapes (zod, with OpenAPI names): what `/api/villages` and
 * `/api/enterprises` take and return. The service's input types are inferred from here.
 */
import { z } from "@hono/zod-openapi";
import { creditCodeProblem, normalizeCreditCode } from "./credit-code.js";

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const codeMessage = "1–40位字母、数字、_ 或 -，以字母或数字开头";

export const VillageCodeSchema = z
  .string()
  .regex(CODE_PATTERN, `村(社区)编码须为${codeMessage}`)
  .openapi({ example: "tf01" });

export const EnterpriseIdSchema = z
  .string()
  .regex(CODE_PATTERN, `企业编号须为${codeMessage}`)
  .openapi({ example: "hongda" });

export const CreditCodeSchema = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: "custom", message: `统一社会信用代码${problem}` });
  })
  .openapi({ type: "string", example: "91350100M000100Y43" });

/** 11-digit mainland mobile; spaces and dashes (138-0000-0001) are dropped. */
export const MobileSchema = z
  .string()
  .transform((mobile) => mobile.replace(/[\s-]/g, ""))
  .refine((mobile) => /^1[3-9]\d{9}$/.test(mobile), "手机号须为11位，以13–19开头")
  .openapi({ type: "string", example: "138-0000-0001" });

const NameSchema = (what: string) =>
  z.string().trim().min(1, `${what}不能为空`).max(200, `${what}最多200字`);

export const ContactSchema = z
  .object({ name: NameSchema("姓名"), mobile: MobileSchema.optional() })
  .openapi("Contact");

export const ENTERPRISE_STATUSES = ["operating", "suspended", "closed"] as const;
export const EnterpriseStatusSchema = z.enum(ENTERPRISE_STATUSES).openapi({
  description: "operating 在营 · suspended 停产整顿 · closed 关闭",
});
export const STATUS_LABELS: Record<(typeof ENTERPRISE_STATUSES)[number], string> = {
  operating: "在营",
  suspended: "停产整顿",
  closed: "关闭",
};

export const SCALES = ["大型", "中型", "小型", "微型"] as const;

export const NewVillageSchema = z
  .object({ code: VillageCodeSchema, name: NameSchema("村(社区)名称") })
  .openapi("NewVillage");

export const VillageChangesSchema = z
  .object({ name: NameSchema("村(社区)名称") })
  .openapi("VillageChanges");

const enterpriseFields = {
  creditCode: CreditCodeSchema,
  name: NameSchema("企业名称"),
  industry: z.string().min(1, "行业不能为空").openapi({ example: "工贸" }),
  village: VillageCodeSchema,
  address: z.string().trim().max(500, "地址最多500字").nullable().optional(),
  scale: z.enum(SCALES).nullable().optional(),
  highRisk: z.boolean().optional(),
  principal: ContactSchema.nullable().optional().openapi({ description: "主要负责人" }),
  controller: ContactSchema.nullable().optional().openapi({ description: "实际控制人" }),
  safetyManager: ContactSchema.nullable().optional().openapi({ description: "安全管理人员" }),
  status: EnterpriseStatusSchema.optional(),
};

export const NewEnterpriseSchema = z
  .object({ id: EnterpriseIdSchema.optional(), ...enterpriseFields })
  .openapi("NewEnterprise");

export const EnterpriseChangesSchema = z
  .object(enterpriseFields)
  .partial()
  .openapi("EnterpriseChanges");

export const VillageSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    initials: z.string().openapi({ description: "拼音首字母" }),
    group: z.string().openapi({ description: "The group of the village's grid officers" }),
    enterprises: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Village");

const StoredContactSchema = z.object({ name: z.string(), mobile: z.string().optional() });

export const EnterpriseSchema = z
  .object({
    id: z.string(),
    creditCode: z.string(),
    name: z.string(),
    initials: z.string(),
    industry: z.string(),
    village: z.string(),
    villageName: z.string(),
    address: z.string().nullable(),
    scale: z.string().nullable(),
    highRisk: z.boolean(),
    principal: StoredContactSchema.nullable(),
    controller: StoredContactSchema.nullable(),
    safetyManager: StoredContactSchema.nullable(),
    status: EnterpriseStatusSchema,
    group: z.string().openapi({ description: "The group of the enterprise's own users" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Enterprise");

export const DirectoryChangeSchema = z
  .object({
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  })
  .openapi("DirectoryChange");

/** A change as the history lists it: with the name of who made it (null when unknown). */
export const NamedDirectoryChangeSchema = DirectoryChangeSchema.extend({
  actorName: z.string().nullable(),
}).openapi("NamedDirectoryChange");

export type NewVillage = z.infer<typeof NewVillageSchema>;
export type VillageChanges = z.infer<typeof VillageChangesSchema>;
export type NewEnterprise = z.infer<typeof NewEnterpriseSchema>;
export type EnterpriseChanges = z.infer<typeof EnterpriseChangesSchema>;
export type Village = z.infer<typeof VillageSchema>;
export type Enterprise = z.infer<typeof EnterpriseSchema>;
export type DirectoryChange = z.infer<typeof DirectoryChangeSchema>;
export type EnterpriseStatus = z.infer<typeof EnterpriseStatusSchema>;
