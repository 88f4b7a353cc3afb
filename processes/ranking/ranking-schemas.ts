/**
 * The 晾晒 board's wire shape (`GET /api/ranking`): one zod schema, from which the API's
 * OpenAPI document, the server's types and the web app's types all come.
 */
import { z } from "@hono/zod-openapi";

export const RatioSchema = z
  .object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    /** One decimal; null when the denominator is 0. */
    percent: z.number().nullable(),
  })
  .openapi("RankingRatio");

export const RankingFiguresSchema = z
  .object({
    inspectionsOnTime: RatioSchema.openapi({
      description: "Inspections submitted by their due date / inspections due in the period",
    }),
    inspectionsLate: z.number().int().openapi({ description: "Submitted after the due date" }),
    inspectionsMissed: z
      .number()
      .int()
      .openapi({ description: "Past their due date and not submitted (yet)" }),
    majorOverdue: RatioSchema.openapi({
      description:
        "Major hazards overdue at the period's end (now, for the current period) / major hazards open then",
    }),
    hazardsClosedOnTime: RatioSchema.openapi({
      description: "Hazards closed by their deadline / hazards closed in the period",
    }),
    escalations: z
      .object({
        /** The denominator of each level: escalation cases open at any time in the period. */
        open: z.number().int(),
        letter: RatioSchema,
        circular: RatioSchema,
        interview: RatioSchema,
      })
      .openapi({
        description:
          "Escalation cases (督办) that reached 函告, 通报 and 约谈 in the period / escalation cases open at any time in the period (started before its end, not ended before its start)",
      }),
  })
  .openapi("RankingFigures");

export const RankedEnterpriseSchema = z
  .object({
    rank: z.number().int(),
    id: z.string(),
    name: z.string(),
    figures: RankingFiguresSchema,
  })
  .openapi("RankedEnterprise");

export const RankedVillageSchema = z
  .object({
    rank: z.number().int(),
    code: z.string(),
    name: z.string(),
    figures: RankingFiguresSchema,
    /** The share on time in the period before, to show who improved. */
    previousOnTime: RatioSchema,
    enterprises: z.array(RankedEnterpriseSchema),
  })
  .openapi("RankedVillage");

export const RankingSchema = z
  .object({
    period: z.string(),
    kind: z.enum(["month", "quarter", "year"]),
    label: z.string().openapi({ example: "2027年1月" }),
    previousPeriod: z.string(),
    township: z.string(),
    villages: z.array(RankedVillageSchema),
    totals: RankingFiguresSchema,
    /** The five enterprises with the most overdue major hazards at the period's end. */
    mostOverdue: z.array(
      z.object({ id: z.string(), name: z.string(), villageName: z.string(), overdue: z.number() }),
    ),
    /** The 晾晒通报's short text: the worst village, the most improved, the most overdue. */
    summary: z.array(z.string()),
  })
  .openapi("Ranking");

export type Ratio = z.infer<typeof RatioSchema>;
export type RankingFigures = z.infer<typeof RankingFiguresSchema>;
export type RankedVillage = z.infer<typeof RankedVillageSchema>;
export type RankedEnterprise = z.infer<typeof RankedEnterpriseSchema>;
export type Ranking = z.infer<typeof RankingSchema>;
