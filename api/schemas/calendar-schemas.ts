/**
 * Zod schemas of the working calendar (`/calendar/{year}`): the contract other tools script.
 */
import { z } from "@hono/zod-openapi";
import type { CalendarInput } from "../../engine/calendar/calendar-input.js";
import type { CalendarChange, CalendarYear } from "../../engine/calendar/calendar-service.js";

export const CalendarDaySchema = z
  .object({
    date: z.string().openapi({ example: "2027-02-06" }),
    kind: z.enum(["holiday", "workday"]).openapi({
      description: "`holiday`: a day off; `workday`: a 调休 make-up working day",
    }),
    name: z.string().openapi({ example: "春节" }),
  })
  .openapi("CalendarDay");

export const CalendarPutBodySchema = z
  .object({
    days: z.array(CalendarDaySchema),
    complete: z.boolean().openapi({
      description: "Every holiday and make-up day of the year is entered",
    }),
  })
  .openapi("CalendarPut", {
    example: {
      days: [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-02-20", kind: "workday", name: "春节调休" },
      ],
      complete: true,
    },
  }) satisfies z.ZodType<CalendarInput>;

export const CalendarYearSchema = z
  .object({
    year: z.number().int(),
    complete: z.boolean(),
    days: z.array(
      CalendarDaySchema.extend({
        source: z.enum(["package", "admin"]).openapi({
          description:
            "`package`: from chinese-days; `admin`: entered here (wins over the package)",
        }),
      }),
    ),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi("CalendarYear");

export const CalendarChangeSchema = CalendarYearSchema.extend({
  recomputed: z
    .object({ tasks: z.number().int(), timers: z.number().int(), instances: z.number().int() })
    .openapi({ description: "Flagged due dates counted again because the year became complete" }),
  warnings: z.array(z.string()),
}).openapi("CalendarChange");

export const CalendarAuditSchema = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        before: z.object({
          complete: z.boolean(),
          days: z.array(CalendarDaySchema.extend({ source: z.enum(["package", "admin"]) })),
        }),
        after: CalendarPutBodySchema,
        recomputed: z
          .object({
            tasks: z.number().int(),
            timers: z.number().int(),
            instances: z.number().int(),
          })
          .nullable(),
      }),
    ),
  })
  .openapi("CalendarAudit");

export const CalendarYearParamSchema = z.object({
  year: z.coerce
    .number()
    .int("年份应为整数")
    .min(2000, "年份应在 2000–2100 之间")
    .max(2100, "年份应在 2000–2100 之间")
    .openapi({ param: { name: "year", in: "path" }, example: 2027 }),
});

/** The wire form of a year: dates as ISO strings. */
export function calendarYearJson<T extends CalendarYear | CalendarChange>(
  year: T,
): Omit<T, "updatedAt"> & { updatedAt: string | null } {
  return { ...year, updatedAt: year.updatedAt?.toISOString() ?? null };
}
