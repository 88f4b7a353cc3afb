import { z } from "zod";
import { scheduleSchema } from "./schedule-schema.js";
import { businessKeyPatternProblem } from "./business-key-pattern.js";

/**
 * The process definition format, version 1 (DESIGN.md §3).
 *
 * A file valid under version 1 stays valid, with the same meaning, in later
 * versions: fields may be added here, never removed or re-interpreted.
 *
 * @example
 * ```ts
 * import { definitionSchema } from "zhiben/definition";
 * const parsed = definitionSchema.safeParse(JSON.parse(text));
 * ```
 */

/** A FEEL expression, e.g. `vars.deaths >= 3`. */
export const feelExpressionSchema = z.string().min(1, "表达式不能为空");

/** `{ "expr": "<FEEL>" }`: a value computed when it is needed. */
export const exprRefSchema = z.strictObject({ expr: feelExpressionSchema });

/** A literal string, or an expression giving one. */
export const stringOrExprSchema = z.union([z.string().min(1), exprRefSchema]);

/** ISO 8601 duration, e.g. `P3D`, `PT1H`, `P10M`, `P1Y2M10DT2H30M`. */
export const isoDurationSchema = z
  .string()
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    "不是 ISO 8601 时长（如 P3D 为 3 天，PT1H 为 1 小时，P1M 为 1 个月）",
  );

export const calendarSchema = z.enum(["days", "workdays"]);

/** Variable name → FEEL expression giving its new value. */
export const assignSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "不是合法的变量名（字母、数字和 _，不以数字开头）"),
  feelExpressionSchema,
);

const groupListSchema = z.array(stringOrExprSchema);

/**
 * A recipient named by a role the application resolves when the notification is made,
 * e.g. `{ "enterprisePrincipal": "vars.enterpriseId" }`: the resolver's name, and a FEEL
 * expression giving its argument. Which names exist is the application's (`createEngine`'s
 * `notifications.resolvers`); publishing refuses an unknown one.
 */
export const roleRecipientSchema = z
  .record(
    z.string().regex(/^[a-z][A-Za-z0-9]*$/, "不是收件角色名（如 enterprisePrincipal）"),
    feelExpressionSchema,
  )
  .refine(
    (value) => Object.keys(value).length === 1 && !("expr" in value),
    '收件角色须只写一个，如 {"enterprisePrincipal": "vars.enterpriseId"}',
  );

/** A group or `user:<id>` (literal or FEEL), or a role the application resolves. */
export const recipientSchema = z.union([stringOrExprSchema, roleRecipientSchema]);

export const notifyActionSchema = z.strictObject({
  type: z.literal("notify"),
  /** Groups (or user ids, written `user:<id>`), literal or FEEL, and roles such as `{ "enterprisePrincipal": "vars.enterpriseId" }`. */
  to: z.array(recipientSchema).min(1),
  /** FEEL expression giving the message text, e.g. `"新隐患：" + vars.title`. */
  message: feelExpressionSchema,
  title: feelExpressionSchema.optional(),
  channel: z.string().min(1).optional(),
  /** `false`: held for each recipient's daily digest (quiet hours); default `true`, sent at once. */
  urgent: z.boolean().optional(),
});

export const assignActionSchema = z.strictObject({
  type: z.literal("assign"),
  assign: assignSchema,
});

export const startProcessActionSchema = z.strictObject({
  type: z.literal("startProcess"),
  key: z.string().min(1),
  /** Child variable name → FEEL expression evaluated in the parent. */
  variables: z.record(z.string(), feelExpressionSchema).optional(),
  businessKey: feelExpressionSchema.optional(),
});

export const sendToParentActionSchema = z.strictObject({
  type: z.literal("sendToParent"),
  event: z.string().min(1),
  data: z.record(z.string(), feelExpressionSchema).optional(),
});

export const sendToChildrenActionSchema = z.strictObject({
  type: z.literal("sendToChildren"),
  event: z.string().min(1),
  data: z.record(z.string(), feelExpressionSchema).optional(),
  /** Only children of this process key (default: every running child). */
  key: z.string().min(1).optional(),
});

export const actionSchema = z.discriminatedUnion("type", [
  notifyActionSchema,
  assignActionSchema,
  startProcessActionSchema,
  sendToParentActionSchema,
  sendToChildrenActionSchema,
]);

/**
 * A guard with what to tell the user when it refuses: `message` (Chinese, shown
 * at `field` of the task's form; a message starting with `=` is a FEEL
 * expression giving the text, e.g. `="整改期限须早于 " + string(vars.deadline)`).
 */
export const guardObjectSchema = z.strictObject({
  expr: feelExpressionSchema,
  message: z.string().min(1, "提示信息不能为空").optional(),
  field: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "不是合法的字段名（字母、数字和 _，不以数字开头）")
    .optional(),
});

/** A FEEL condition, or `{ expr, message?, field? }`: the transition is taken only when it gives `true`. */
export const guardSchema = z.union([feelExpressionSchema, guardObjectSchema]);

export const transitionSchema = z.strictObject({
  target: z.string().min(1).optional(),
  guard: guardSchema.optional(),
  assign: assignSchema.optional(),
  actions: z.array(actionSchema).optional(),
  label: z.string().optional(),
  /** Leave and enter the target again even when it is already active (restarts its task and timers). */
  reenter: z.boolean().optional(),
});

/** A target key, one transition, or a list tried in order (first whose guard holds wins). */
export const transitionSpecSchema = z.union([
  z.string().min(1),
  transitionSchema,
  z.array(transitionSchema).min(1),
]);

export const delaySchema = z.union([
  isoDurationSchema,
  z.strictObject({ at: feelExpressionSchema }),
  exprRefSchema,
]);

export const afterEntrySchema = transitionSchema.extend({
  delay: delaySchema,
  calendar: calendarSchema.optional(),
});

/** A JSON Schema object (checked separately by ajv). */
export const jsonSchemaObjectSchema = z.record(z.string(), z.unknown());

export const outcomeSchema = z.strictObject({
  event: z.string().min(1),
  label: z.string().min(1),
  /** Optional UI hint: `primary`, `danger`… */
  style: z.string().optional(),
});

/**
 * 会签/或签: the task fans out, one sub-task per group, per user, or per item of
 * a FEEL list (each item a group name, or `{ "group": … }` / `{ "user": … }`).
 */
export const taskEachSchema = z.union([
  z.strictObject({ groups: z.array(z.string().min(1)).min(1, "请至少列出一个组") }),
  z.strictObject({ users: z.array(z.string().min(1)).min(1, "请至少列出一个用户") }),
  exprRefSchema,
]);

/**
 * When a fanned-out task decides: `all` (会签: every sub-task chose the first
 * outcome; any other outcome decides at once), `any` (或签: the first vote
 * decides), or a FEEL condition over `votes` (true: the vote that made it hold
 * decides; an outcome's event name: that outcome).
 */
export const taskCompleteSchema = z.union([z.enum(["all", "any"]), feelExpressionSchema]);

export const taskSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  candidateGroups: z.union([groupListSchema, exprRefSchema]).optional(),
  assignee: stringOrExprSchema.optional(),
  due: z.union([isoDurationSchema, exprRefSchema]).optional(),
  calendar: calendarSchema.optional(),
  priority: z.number().int().min(0).max(100).optional(),
  form: jsonSchemaObjectSchema.optional(),
  outcomes: z.array(outcomeSchema).min(1, "任务至少需要一个办理结果"),
  /** 会签/或签: one sub-task per member; see `complete`. */
  each: taskEachSchema.optional(),
  /** How the sub-tasks' votes decide (default `all`); only with `each`. */
  complete: taskCompleteSchema.optional(),
});

export const stateTypeSchema = z.enum(["atomic", "compound", "parallel", "final"]);

export const stateKeySchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
    "不是合法的状态标识（英文字母、数字、_ 和 -，以字母或 _ 开头）",
  );

export interface StateNodeSpec {
  type?: "atomic" | "compound" | "parallel" | "final";
  label?: string;
  description?: string;
  initial?: string;
  states?: Record<string, StateNodeSpec>;
  on?: Record<string, TransitionSpec>;
  after?: AfterEntry[];
  onDone?: TransitionSpec;
  always?: TransitionSpec;
  entry?: Action[];
  exit?: Action[];
  task?: Task;
  meta?: Record<string, unknown>;
}

export const stateNodeSchema: z.ZodType<StateNodeSpec> = z.lazy(() =>
  z.strictObject({
    type: stateTypeSchema.optional(),
    label: z.string().optional(),
    description: z.string().optional(),
    initial: z.string().min(1).optional(),
    states: z.record(stateKeySchema, stateNodeSchema).optional(),
    on: z.record(z.string().min(1), transitionSpecSchema).optional(),
    after: z.array(afterEntrySchema).optional(),
    onDone: transitionSpecSchema.optional(),
    /**
     * 自动流转: transitions taken without an event, right after the state is entered (at the
     * start too) in the same change, first whose guard holds; each needs a `target`.
     */
    always: transitionSpecSchema.optional(),
    entry: z.array(actionSchema).optional(),
    exit: z.array(actionSchema).optional(),
    task: taskSchema.optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** An event a user may send without a task: the JSON Schema of its data and the groups that may send it. */
export const sendableEventSchema = z.strictObject({
  label: z.string().optional(),
  /** JSON Schema (type object) of `data`; fields it does not list are refused. Absent: no data. */
  schema: jsonSchemaObjectSchema.optional(),
  /** Groups that may send it (literal or FEEL); absent: whoever may send events to the instance. */
  groups: groupListSchema.optional(),
});

export const processKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,63}$/, "流程标识为 2–64 个字符：小写字母 a–z、数字和 -，以字母开头");

export const definitionSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(1).optional(),
  key: processKeySchema,
  name: z.string().min(1),
  description: z.string().optional(),
  /** JSON Schema (type object) of the start variables. */
  variables: jsonSchemaObjectSchema.optional(),
  initial: z.string().min(1),
  states: z.record(stateKeySchema, stateNodeSchema),
  on: z.record(z.string().min(1), transitionSpecSchema).optional(),
  entry: z.array(actionSchema).optional(),
  /** Groups that may see an instance: literal names or FEEL. */
  visibility: groupListSchema.optional(),
  /** Variable name → the only groups that may see it. */
  protectedVars: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /**
   * Who may start it by hand: groups (literal, or FEEL giving a group or a list of
   * them), or FEEL over `actor` and `vars` giving `true`. Absent: any user.
   */
  starters: groupListSchema.optional(),
  /** Events sent without a task (`POST /instances/{id}/events`): their data and who may send them. */
  events: z.record(z.string().min(1), sendableEventSchema).optional(),
  /** Variable whose value is the instance's human-readable title (default `title`). */
  titleVar: z.string().optional(),
  /** Work started on a calendar, once or once per item of a source (schedule-schema.ts). */
  schedules: z.array(scheduleSchema).optional(),
  /**
   * The business key each start is given (unless the starter names one): `{year}` (the
   * year in Beijing) and one `{seq}` or `{seq:3}` (that process's number in the year,
   * from 1, zero-padded to 3 digits), e.g. `铁峰隐〔{year}〕{seq:3}号`.
   */
  businessKey: z
    .string()
    .min(1)
    .max(100)
    .superRefine((pattern, ctx) => {
      const problem = businessKeyPatternProblem(pattern);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type Definition = z.infer<typeof definitionSchema>;
export type Transition = z.infer<typeof transitionSchema>;
export type TransitionSpec = z.infer<typeof transitionSpecSchema>;
export type AfterEntry = z.infer<typeof afterEntrySchema>;
export type Action = z.infer<typeof actionSchema>;
export type Task = z.infer<typeof taskSchema>;
export type TaskEach = z.infer<typeof taskEachSchema>;
export type TaskComplete = z.infer<typeof taskCompleteSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
export type ExprRef = z.infer<typeof exprRefSchema>;
export type StringOrExpr = z.infer<typeof stringOrExprSchema>;
export type Recipient = z.infer<typeof recipientSchema>;
export type Delay = z.infer<typeof delaySchema>;
export type Calendar = z.infer<typeof calendarSchema>;
export type SendableEvent = z.infer<typeof sendableEventSchema>;
export type Guard = z.infer<typeof guardSchema>;
export type GuardObject = z.infer<typeof guardObjectSchema>;

/** The guard's FEEL condition, whichever form it is written in. */
export function guardExpression(guard: Guard): string {
  return typeof guard === "string" ? guard : guard.expr;
}
