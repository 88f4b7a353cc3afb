/**
 * Zod schemas of instances, tasks and history as the API returns them.
 */
import { z } from "@hono/zod-openapi";
import { JsonObjectSchema } from "./common-schemas.js";

const DateTime = z.string().openapi({ format: "date-time" });

export const ActiveStateSchema = z
  .object({ key: z.string(), label: z.string() })
  .openapi("ActiveState");

export const IncidentSchema = z
  .object({
    jobId: z.number(),
    kind: z.string(),
    message: z.string(),
    attempts: z.number(),
    at: z.string(),
  })
  .openapi("Incident");

export const ReferenceLabelSchema = z
  .object({
    field: z.string(),
    kind: z.string(),
    id: z.string(),
    name: z
      .string()
      .nullable()
      .openapi({ description: "The record's name now (null: no longer on file)" }),
    detail: z.string().nullable(),
  })
  .openapi("ReferenceLabel", {
    description: "A record an x-ref start variable names, with its current name",
  });

const ReferencesField = z.array(ReferenceLabelSchema).optional().openapi({
  description:
    "What the start variables' x-ref fields name, as named today (lists and single reads)",
});

export const InstanceSchema = z
  .object({
    id: z.string(),
    processKey: z.string(),
    version: z.number().int(),
    status: z.enum(["running", "completed", "terminated"]),
    businessKey: z.string().nullable(),
    title: z.string().nullable(),
    activeStates: z.array(ActiveStateSchema),
    vars: JsonObjectSchema,
    parentId: z.string().nullable(),
    revision: z.number().int(),
    incident: IncidentSchema.nullable(),
    startedBy: z.string().nullable(),
    startedAt: DateTime,
    updatedAt: DateTime,
    endedAt: DateTime.nullable(),
    references: ReferencesField,
  })
  .openapi("Instance");

export const InstanceRefSchema = z
  .object({
    id: z.string(),
    processKey: z.string(),
    businessKey: z.string().nullable(),
    title: z.string().nullable(),
    status: z.enum(["running", "completed", "terminated"]),
    activeStates: z.array(ActiveStateSchema),
  })
  .openapi("InstanceRef");

export const OutcomeSchema = z
  .object({ event: z.string(), label: z.string(), style: z.string().optional() })
  .openapi("Outcome");

export const TaskSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    processKey: z.string(),
    stateKey: z.string(),
    name: z.string(),
    candidateGroups: z.array(z.string()),
    assignee: z.string().nullable(),
    status: z.enum(["open", "claimed", "completed", "cancelled"]),
    dueAt: DateTime.nullable(),
    calendarIncomplete: z.boolean().openapi({
      description:
        "The due date counted working days into a year whose holidays are not entered yet (weekends only)",
    }),
    overdue: z.boolean(),
    priority: z.number().int(),
    form: JsonObjectSchema.nullable().openapi({ description: "JSON Schema of the data to submit" }),
    description: z.string().nullable().openapi({
      description: "What the person doing the task must know (the definition's task description)",
    }),
    outcomes: z.array(OutcomeSchema),
    businessKey: z.string().nullable(),
    title: z.string().nullable(),
    createdAt: DateTime,
    claimedAt: DateTime.nullable(),
    endedAt: DateTime.nullable(),
    completedBy: z.string().nullable(),
    outcome: z.string().nullable(),
    data: JsonObjectSchema.nullable(),
    references: ReferencesField,
  })
  .openapi("Task");

export const BallotSchema = z
  .object({
    state: z.string(),
    taskId: z.string(),
    group: z.string().nullable(),
    user: z.string().nullable(),
    outcome: z.string().nullable().openapi({ description: "The vote; null until cast" }),
    by: z.string().nullable(),
    at: DateTime.nullable(),
  })
  .openapi("Ballot", {
    description:
      "A 会签/或签 sub-task under way: the group or user it is for, and its vote once cast",
  });

export const InstanceDetailSchema = InstanceSchema.extend({
  definitionName: z.string().nullable(),
  tasks: z.array(TaskSchema).openapi({ description: "Open and claimed tasks" }),
  allowedEvents: z
    .array(z.string())
    .openapi({ description: "Events the caller may send (integration and process-admin)" }),
  parent: InstanceRefSchema.nullable(),
  children: z.array(InstanceRefSchema),
  ballots: z.array(BallotSchema).openapi({
    description:
      "The sub-tasks of each 会签/或签 in an active state, with the votes cast so far (decided rounds: the outcome event's data.votes in the history)",
  }),
  calendarIncomplete: z
    .array(
      z.object({
        kind: z.enum(["task", "timer"]),
        state: z.string().nullable(),
        name: z.string().nullable(),
        dueAt: DateTime,
      }),
    )
    .openapi({
      description:
        "Open tasks and pending timers whose working-day due dates reach into a year whose holidays are not entered: counted by weekends alone",
    }),
  timers: z
    .array(
      z.object({
        state: z.string(),
        target: z.string().nullable(),
        label: z.string().nullable(),
        dueAt: DateTime,
      }),
    )
    .openapi({
      description:
        "Timers the instance waits for, soonest first: the state they belong to, the state they lead to (null: it stays) and the definition's label",
    }),
}).openapi("InstanceDetail");

export const HistoryEntrySchema = z
  .object({
    seq: z.number().int(),
    at: DateTime,
    kind: z.string(),
    actor: z.string().nullable(),
    event: z.string().nullable(),
    from: z.array(z.string()),
    to: z.array(z.string()),
    data: JsonObjectSchema.nullable(),
  })
  .openapi("HistoryEntry");

export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export type InstanceJson = z.infer<typeof InstanceSchema>;
export type InstanceRefJson = z.infer<typeof InstanceRefSchema>;
export type TaskJson = z.infer<typeof TaskSchema>;
export type HistoryEntryJson = z.infer<typeof HistoryEntrySchema>;
export type InstanceDetailJson = z.infer<typeof InstanceDetailSchema>;
