/**
 * User tasks: the inbox query, claim, unclaim, delegate and complete. Every
 * change locks the instance first, then the task, so two calls never deadlock.
 */
import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Tasks } from "../engine.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { InstanceId, TaskId } from "../ids.js";
import type { Db } from "../store/database.js";
import { instances, tasks } from "../store/schema.js";
import type { Actor, Instance, Task } from "../types.js";
import type { ChangeLog } from "./apply-step.js";
import type { EngineContext } from "./context.js";
import { attachFiles } from "../files/attach-files.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import {
  applyEvent,
  inTransaction,
  instanceCodec,
  lockInstance,
  withIdempotency,
} from "./instances.js";
import { checkedData } from "./checked-data.js";
import { assertDeclaredFields } from "./event-data.js";
import { isUuid, toInstance, toTask, type TaskRow } from "./rows.js";

const FAR_FUTURE = new Date("9999-12-31T00:00:00Z");
/** Inbox order: due date (none last), then id. */
const dueOrder = sql`coalesce(${tasks.dueAt}, ${FAR_FUTURE.toISOString()}::timestamptz)`;

async function findTask(db: Db, id: string): Promise<TaskRow> {
  if (!isUuid(id)) throw new NotFoundError("task", id);
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!row) throw new NotFoundError("task", id);
  return row;
}

/** Locks the task's instance, then the task. */
async function lockTask(tx: Db, id: string): Promise<TaskRow> {
  const found = await findTask(tx, id);
  await lockInstance(tx, found.instanceId);
  const [row] = await tx.select().from(tasks).where(eq(tasks.id, id)).for("update");
  return row!;
}

function isCandidate(task: TaskRow, actor: Actor): boolean {
  return task.candidateGroups.some((g) => actor.groups.includes(g));
}

/** The actor may act on the task: its assignee, or a candidate while nobody holds it. */
function assertMayAct(task: TaskRow, actor: Actor): void {
  if (task.status !== "open" && task.status !== "claimed")
    throw new ConflictError(`task ${task.id} is ${task.status}`);
  if (task.assignee === actor.id) return;
  if (task.assignee !== null) {
    if (task.status === "claimed")
      throw new ConflictError(`task ${task.id} is claimed by ${task.assignee}`);
    throw new ForbiddenError(`task ${task.id} is assigned to ${task.assignee}`);
  }
  if (!isCandidate(task, actor))
    throw new ForbiddenError(`${actor.id} is not a candidate for task ${task.id}`);
}

async function addParticipant(tx: Db, instanceId: string, userId: string): Promise<void> {
  await tx
    .update(instances)
    .set({ participants: sql`array_append(${instances.participants}, ${userId})` })
    .where(
      and(eq(instances.id, instanceId), sql`not (${userId} = any(${instances.participants}))`),
    );
}

function announce(log: ChangeLog, type: "task.claimed" | "task.updated", row: TaskRow): void {
  log.events.push({ type, taskId: row.id as TaskId, instanceId: row.instanceId as InstanceId });
}

export function createTasks(ctx: EngineContext): Tasks {
  const { db } = ctx;

  async function update(
    id: string,
    change: (tx: Db, row: TaskRow, log: ChangeLog) => Promise<Partial<TaskRow> | null>,
  ) {
    const row = await inTransaction(ctx, async (tx, log) => {
      const current = await lockTask(tx, id);
      const set = await change(tx, current, log);
      if (!set) return current;
      const [updated] = await tx.update(tasks).set(set).where(eq(tasks.id, id)).returning();
      return updated!;
    });
    return toTask(row);
  }

  return {
    async list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
      const statuses = filter.status === undefined ? ["open", "claimed"] : [filter.status].flat();
      const conditions: (SQL | undefined)[] = [
        inArray(tasks.status, statuses as TaskRow["status"][]),
        filter.instanceId
          ? isUuid(filter.instanceId)
            ? eq(tasks.instanceId, filter.instanceId)
            : sql`false`
          : undefined,
        filter.processKey ? eq(tasks.processKey, filter.processKey) : undefined,
        filter.overdue === true ? lt(tasks.dueAt, ctx.clock.now()) : undefined,
        filter.overdue === false
          ? or(
              isNull(tasks.dueAt),
              sql`${tasks.dueAt} >= ${ctx.clock.now().toISOString()}::timestamptz`,
            )
          : undefined,
      ];
      if (filter.user) {
        conditions.push(
          or(
            eq(tasks.assignee, filter.user.id),
            and(
              isNull(tasks.assignee),
              sql`${tasks.candidateGroups} && ${sql.param(filter.user.groups)}::text[]`,
            ),
          ),
        );
      }
      const cursor = decodeCursor(filter.cursor);
      if (cursor) {
        conditions.push(
          or(
            sql`${dueOrder} > ${cursor.at}::timestamptz`,
            and(sql`${dueOrder} = ${cursor.at}::timestamptz`, gt(tasks.id, cursor.id)),
          ),
        );
      }
      const rows = await db
        .select()
        .from(tasks)
        .where(and(...conditions))
        .orderBy(dueOrder, asc(tasks.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toTask),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ at: (last.dueAt ?? FAR_FUTURE).toISOString(), id: last.id })
            : null,
      };
    },

    async get(id) {
      return toTask(await findTask(db, id));
    },

    claim(id, actor) {
      return update(id, async (tx, row, log) => {
        if (row.status === "claimed" && row.assignee === actor.id) return null;
        if (row.status !== "open") {
          throw new ConflictError(
            row.status === "claimed"
              ? `task ${id} is claimed by ${row.assignee}`
              : `task ${id} is ${row.status}`,
          );
        }
        assertMayAct(row, actor);
        await addParticipant(tx, row.instanceId, actor.id);
        announce(log, "task.claimed", row);
        return { status: "claimed", assignee: actor.id, claimedAt: ctx.clock.now() };
      });
    },

    unclaim(id, actor) {
      return update(id, async (_tx, row, log) => {
        if (row.status !== "claimed")
          throw new ConflictError(`task ${id} is ${row.status}, not claimed`);
        if (row.assignee !== actor.id)
          throw new ForbiddenError(`task ${id} is claimed by ${row.assignee}`);
        announce(log, "task.updated", row);
        return { status: "open", assignee: null, claimedAt: null };
      });
    },

    delegate(id, toUserId, actor) {
      return update(id, async (tx, row, log) => {
        if (typeof toUserId !== "string" || toUserId.length === 0) {
          throw new ValidationError("the delegation is invalid", [
            { path: "to", message: "is required" },
          ]);
        }
        assertMayAct(row, actor);
        await addParticipant(tx, row.instanceId, toUserId);
        announce(log, "task.claimed", row);
        return { status: "claimed", assignee: toUserId, claimedAt: ctx.clock.now() };
      });
    },

    async complete(id, completion, actor, options = {}) {
      return inTransaction(ctx, async (tx, log) => {
        const row = await lockTask(tx, id);
        return withIdempotency(
          tx,
          `task:${id}`,
          options.idempotencyKey,
          async () => {
            assertMayAct(row, actor);
            const outcome = completion?.outcome;
            const outcomes = (row.outcomes as { event: string }[]).map((o) => o.event);
            if (typeof outcome !== "string" || !outcomes.includes(outcome)) {
              throw new ValidationError("the completion is invalid", [
                { path: "outcome", message: `must be one of ${outcomes.join(", ")}` },
              ]);
            }
            const given = completion.data ?? {};
            if (typeof given !== "object" || given === null || Array.isArray(given)) {
              throw new ValidationError("the form data is invalid", [
                { path: "", message: "must be an object" },
              ]);
            }
            assertDeclaredFields(
              row.form as Record<string, unknown> | null,
              given,
              "the form data",
            );
            const data = await checkedData(
              tx,
              ctx,
              row.form as Record<string, unknown> | null,
              given,
              "the form data",
            );
            // Attachments named by the form data (engine/files): checked, then referenced.
            await attachFiles(tx, ctx, {
              instanceId: row.instanceId,
              schema: row.form,
              data,
              actor,
              taskId: row.id,
              stateKey: row.stateKey,
            });
            const now = ctx.clock.now();
            // Completed before the step, so the state's exit does not cancel it.
            const [completed] = await tx
              .update(tasks)
              .set({
                status: "completed",
                endedAt: now,
                completedBy: actor.id,
                outcome,
                data,
                assignee: row.assignee ?? actor.id,
              })
              .where(eq(tasks.id, id))
              .returning();
            await addParticipant(tx, row.instanceId, actor.id);
            const instance = await lockInstance(tx, row.instanceId);
            if (instance.status !== "running")
              throw new ConflictError(`instance ${instance.id} is ${instance.status}`);
            const next = await applyEvent(
              tx,
              ctx,
              instance,
              { type: outcome, data },
              { actor },
              log,
            );
            if (next instanceof Error) throw next;
            log.events.push({
              type: "task.completed",
              taskId: row.id as TaskId,
              instanceId: row.instanceId as InstanceId,
            });
            return { task: toTask(completed!), instance: toInstance(next) };
          },
          {
            serialize: (value) => ({
              task: JSON.parse(JSON.stringify(value.task)),
              instance: instanceCodec.serialize(value.instance),
            }),
            revive: (stored) => {
              const value = stored as { task: Task & Record<string, unknown>; instance: unknown };
              return {
                task: reviveTask(value.task),
                instance: instanceCodec.revive(value.instance) as Instance,
              };
            },
          },
        );
      });
    },
  };
}

function reviveTask(task: Task): Task {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...task,
    dueAt: date(task.dueAt),
    createdAt: date(task.createdAt)!,
    claimedAt: date(task.claimedAt),
    endedAt: date(task.endedAt),
  };
}
