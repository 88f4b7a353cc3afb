/**
 * Zod schemas of definitions, drafts and validation results.
 */
import { z } from "@hono/zod-openapi";
import { JsonObjectSchema, ProcessKeySchema } from "./common-schemas.js";

export const ProblemItemSchema = z
  .object({ path: z.string(), message: z.string() })
  .openapi("DefinitionProblem");

export const DefinitionSummarySchema = z
  .object({
    key: z.string(),
    name: z.string(),
    latestVersion: z.number().int().nullable(),
    hasDraft: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi("DefinitionSummary");

export const PublishedDefinitionSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    definition: JsonObjectSchema.openapi({ description: "The definition (format v1)" }),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi("PublishedDefinition");

export const DraftSchema = z
  .object({
    key: z.string(),
    definition: z.unknown(),
    layout: z.unknown(),
    updatedAt: z.string(),
    createdBy: z.string().nullable(),
    problems: z.array(ProblemItemSchema),
  })
  .openapi("Draft");

export const SavedDraftSchema = z
  .object({ draft: DraftSchema.omit({ problems: true }), problems: z.array(ProblemItemSchema) })
  .openapi("SavedDraft");

export const SaveDraftBodySchema = z
  .object({
    definition: JsonObjectSchema.openapi({
      description: "The work-in-progress definition, valid or not",
    }),
    layout: z.unknown().optional().openapi({ description: "Designer node positions" }),
  })
  .openapi("SaveDraft");

export const PublishResultSchema = z
  .object({ key: z.string(), version: z.number().int(), created: z.boolean() })
  .openapi("PublishResult");

export const ValidationResultSchema = z
  .object({ valid: z.boolean(), problems: z.array(ProblemItemSchema) })
  .openapi("ValidationResult");

export const VersionSchema = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    createdByName: z.string().nullable().openapi({
      description: "The publisher's display name; null for the system or an unknown user",
    }),
  })
  .openapi("DefinitionVersion");

export type VersionJson = z.infer<typeof VersionSchema>;

export const DefinitionKeyParamSchema = z.object({
  key: ProcessKeySchema.openapi({ param: { name: "key", in: "path" }, example: "leave-request" }),
});

export const VersionQuerySchema = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
