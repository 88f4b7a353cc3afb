/**
 * `schedules`: work a definition starts on a calendar (DESIGN.md §7, issue 15),
 * like Camunda's timer start events with cycles and Temporal's Schedules.
 * When (`every`: an ISO 8601 repeating interval or a calendar rule, in Beijing
 * time and on the working calendar), for whom (once, or once per item of a
 * registered source, filtered by FEEL), with which start variables (FEEL over
 * `item`, `slot` and `now`), and what a worker that was down does with the
 * slots it missed (`catchUp`).
 *
 * @example
 * ```json
 * "schedules": [{ "key": "daily", "every": { "rule": "workdays", "at": "09:00" },
 *   "forEach": "enterprises", "filter": "item.highRisk = true",
 *   "variables": { "enterpriseId": "item.id" }, "catchUp": "one" }]
 * ```
 */
import { z } from "zod";
import { parseRepeatingInterval } from "../schedules/repeating-interval.js";

const feel = z.string().min(1, "表达式不能为空");

/** `HH:mm` in Beijing time. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间应写作 HH:mm（北京时间），如 09:00");

/** `R/2027-01-04T09:00:00+08:00/P1W` (no offset: Beijing time); `R5/…` stops after 5 slots. */
export const repeatingIntervalSchema = z
  .string()
  .refine(
    (text) => parseRepeatingInterval(text) !== null,
    "不是 ISO 8601 重复区间（如 R/2027-01-04T09:00:00+08:00/P1W：自该时刻起每周一次；R5/… 只重复 5 次）",
  );

const at = timeOfDaySchema;

/** Calendar rules: each names a day, and `at` the time of day (Beijing). */
export const scheduleRuleSchema = z.discriminatedUnion(
  "rule",
  [
    /** Every day. */
    z.strictObject({ rule: z.literal("daily"), at }),
    /** Every working day of the working calendar (holidays off, 调休 make-up days on). */
    z.strictObject({ rule: z.literal("workdays"), at }),
    /** Every week on `day` (1 Monday … 7 Sunday), whatever the calendar says. */
    z.strictObject({
      rule: z.literal("weekly"),
      day: z
        .number()
        .int()
        .min(1, "星期应为 1（周一）到 7（周日）")
        .max(7, "星期应为 1（周一）到 7（周日）"),
      at,
    }),
    /**
     * The first working day of each week (Monday to Sunday): Monday, or the day after a
     * holiday Monday; a make-up Sunday only when the week had no other. None in a week off.
     */
    z.strictObject({ rule: z.literal("weekly-first-workday"), at }),
    /** Every month on `day` (the last day of a shorter month when it has no such day). */
    z.strictObject({
      rule: z.literal("monthly"),
      day: z.number().int().min(1, "日期应为 1 到 31").max(31, "日期应为 1 到 31"),
      at,
    }),
    /** The first working day of each month. */
    z.strictObject({ rule: z.literal("monthly-first-workday"), at }),
    /** The first working day of January, April, July and October. */
    z.strictObject({ rule: z.literal("quarterly-first-workday"), at }),
  ],
  {
    error:
      "规则应为以下之一：daily（每天）、workdays（每个工作日）、weekly（每周）、weekly-first-workday（每周第一个工作日）、monthly（每月）、monthly-first-workday（每月第一个工作日）、quarterly-first-workday（每季度第一个工作日）",
  },
);

export const scheduleEverySchema = z.union([repeatingIntervalSchema, scheduleRuleSchema]);

/**
 * Slots missed while no worker ran: `skip` (fire only a slot less than 15 minutes
 * late), `one` (fire the latest missed slot once), `{ "all": "P7D" }` (fire every
 * missed slot of the last 7 days, oldest first). Default `one`.
 */
export const catchUpSchema = z.union([
  z.enum(["skip", "one"]),
  z.strictObject({
    all: z
      .string()
      .regex(
        /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
        "补发窗口应为 ISO 8601 时长，如 P7D",
      ),
  }),
]);

export const scheduleKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, "计划标识为小写字母 a–z、数字和 -，以字母开头，最多 64 个字符");

export const scheduleSchema = z.strictObject({
  key: scheduleKeySchema,
  /** A name for people, e.g. 高危企业月查. */
  label: z.string().optional(),
  every: scheduleEverySchema,
  /** A source registered with the engine (`createEngine({ sources })`): one instance per item. */
  forEach: z.string().min(1, "数据源名称不能为空").optional(),
  /** FEEL over `item` (and `slot`, `now`): only items for which it gives `true`. */
  filter: feel.optional(),
  /** What one item is called in words, e.g. 高危企业 (default: the source's own label). */
  itemLabel: z.string().min(1).optional(),
  /** Start variable → FEEL over `item`, `slot` (the slot's date and time) and `now`. */
  variables: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "不是合法的变量名（字母、数字和 _，不以数字开头）"),
      feel,
    )
    .optional(),
  catchUp: catchUpSchema.optional(),
});

export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleRule = z.infer<typeof scheduleRuleSchema>;
export type ScheduleEvery = z.infer<typeof scheduleEverySchema>;
export type CatchUp = z.infer<typeof catchUpSchema>;
