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
import { rowReader, selectList } from "../store/table-rows.js";
import type { Actor, Instance, Task } from "../types.js";
import { recordChange, type ChangeLog } from "./apply-step.js";
import type { EngineContext, UnitOfWork } from "./context.js";
import { attachFiles } from "../files/attach-files.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { applyEvent, inTransaction, instanceCodec, withIdempotency } from "./instances.js";
import { withoutLock, type Landed } from "./optimistic-change.js";
import { checkedData } from "./checked-data.js";
import { recordVote } from "./record-vote.js";
import { assertDeclaredFields, assertStringsWithin } from "./event-data.js";
import { isUuid, toInstance, toTask, type InstanceRow, type TaskRow } from "./rows.js";

const FAR_FUTURE = new Date("9999-12-31T00:00:00Z");
/** Inbox order: due date (none last), then id. */
const dueOrder = sql`coalesce(${tasks.dueAt}, ${FAR_FUTURE.toISOString()}::timestamptz)`;

async function findTask(db: Db, id: string): Promise<TaskRow> {
  if (!isUuid(id)) throw new NotFoundError("task", id);
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!row) throw new NotFoundError("task", id);
  return row;
}

/** A task and its instance, by the task's id. */
const TASK_WITH_INSTANCE = `${selectList(instances, "i")}, ${selectList(tasks, "t", "task.")}
  from tasks t join instances i on i.id = t.instance_id
  where t.id = $1::uuid`;
// The instance is locked first (the order of `of`), as every change of an instance locks it.
// Locking a row gives the transaction its id, read here so that the write needs no answer.
const LOCK_TASK = `select pg_current_xact_id()::text as xid, ${TASK_WITH_INSTANCE}
  for update of i, t`;
/** The same read without a lock, for a completion tried without one (optimistic-change.ts). */
const READ_TASK = `select ${TASK_WITH_INSTANCE}`;
const readTask = rowReader(tasks, "task.");
const readInstance = rowReader(instances);

/**
 * Whether the task, read under a lock after a completion's attempt without one lost its
 * write's answer, was completed by that write: by the same actor at the attempt's instant.
 */
function landedHere(task: TaskRow, actor: Actor, landed: Landed): boolean {
  return (
    task.status === "completed" &&
    task.completedBy === actor.id &&
    task.endedAt?.getTime() === landed.at.getTime()
  );
}

/**
 * Completes the task read (locked, or for a change without a lock, guarded at the write):
 * checks the actor, the outcome and the form data, then votes or sends the outcome.
 */
async function completeTask(
  unit: UnitOfWork,
  ctx: EngineContext,
  row: TaskRow,
  instance: InstanceRow,
  completion: Parameters<Tasks["complete"]>[1],
  actor: Actor,
): Promise<{ task: Task; instance: Instance }> {
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
  assertDeclaredFields(row.form as Record<string, unknown> | null, given, "the form data");
  if (ctx.maxStringLength) {
    assertStringsWithin(given, ctx.maxStringLength, "the form data");
  }
  const data = await checkedData(
    unit.tx,
    ctx,
    row.form as Record<string, unknown> | null,
    given,
    "the form data",
  );
  // Attachments named by the form data (engine/files): checked, then referenced.
  await attachFiles(unit.tx, ctx, {
    instanceId: row.instanceId,
    schema: row.form,
    data,
    actor,
    taskId: row.id,
    stateKey: row.stateKey,
  });
  if (instance.status !== "running")
    throw new ConflictError(`instance ${instance.id} is ${instance.status}`);
  // Completed by the step's own write, so the state's exit does not cancel it;
  // its completer joins the instance's participants there too.
  const completed = {
    id: row.id,
    stateKey: row.stateKey,
    completedBy: actor.id,
    outcome,
    data,
    assignee: row.assignee ?? actor.id,
  };
  unit.log.events.push({
    type: "task.completed",
    taskId: row.id as TaskId,
    instanceId: row.instanceId as InstanceId,
  });
  // A 会签/或签 sub-task votes; an ordinary task sends its outcome.
  const next =
    (await recordVote(unit, ctx, instance, row, completed, actor)) ??
    (await applyEvent(
      unit,
      ctx,
      instance,
      { type: outcome, data },
      {
        actor,
        completedTask: completed,
        label: (row.outcomes as { event: string; label?: string }[]).find(
          (o) => o.event === outcome,
        )?.label,
      },
    ));
  if (next instanceof Error) throw next;
  const task: TaskRow = {
    ...row,
    ...completed,
    status: "completed",
    endedAt: next.updatedAt,
  };
  return { task: toTask(task), instance: toInstance(next) };
}

/** Locks the task's instance, then the task, in one statement; reads both. */
async function lockTask(
  unit: UnitOfWork,
  id: string,
): Promise<{ task: TaskRow; instance: InstanceRow }> {
  if (!isUuid(id)) throw new NotFoundError("task", id);
  const [raw] = await unit.statements.run<Record<string, unknown> & { xid: string }>(LOCK_TASK, [
    id,
  ]);
  if (!raw) throw new NotFoundError("task", id);
  unit.statements.wrote(raw.xid);
  return { task: readTask(raw), instance: readInstance(raw) };
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
    change: (
      tx: Db,
      row: TaskRow,
      log: ChangeLog,
      locked: { unit: UnitOfWork; instance: InstanceRow },
    ) => Promise<Partial<TaskRow> | null>,
  ) {
    const row = await inTransaction(ctx, async (unit) => {
      const { task: current, instance } = await lockTask(unit, id);
      const set = await change(unit.tx, current, unit.log, { unit, instance });
      if (!set) return current;
      const [updated] = await unit.tx.update(tasks).set(set).where(eq(tasks.id, id)).returning();
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

    delegate(id, toUserId, actor, options = {}) {
      return update(id, async (tx, row, log, { unit, instance }) => {
        if (typeof toUserId !== "string" || toUserId.length === 0) {
          throw new ValidationError("the delegation is invalid", [
            { path: "to", message: "is required" },
          ]);
        }
        assertMayAct(row, actor);
        await addParticipant(tx, row.instanceId, toUserId);
        // The case's history keeps who handed which task to whom (with the names they had then).
        await recordChange(unit, instance, {
          kind: "delegate",
          actor: actor.id,
          data: {
            taskId: row.id,
            task: row.name,
            from: row.assignee,
            to: toUserId,
            ...(options.names ? { byName: options.names.by, toName: options.names.to } : {}),
          },
        });
        announce(log, "task.claimed", row);
        return { status: "claimed", assignee: toUserId, claimedAt: ctx.clock.now() };
      });
    },

    async complete(id, completion, actor, options = {}) {
      if (!isUuid(id)) throw new NotFoundError("task", id);
      // Without an idempotency key (its row is a statement of its own), first without a lock.
      const attempt =
        options.idempotencyKey === undefined
          ? await withoutLock(ctx, async (unit) => {
              const [raw] = await unit.statements.run<Record<string, unknown>>(READ_TASK, [id]);
              if (!raw) throw new NotFoundError("task", id);
              const row = readTask(raw);
              unit.guard!.task = { status: row.status, assignee: row.assignee };
              return completeTask(unit, ctx, row, readInstance(raw), completion, actor);
            })
          : null;
      if (attempt?.done) return attempt.value;
      return inTransaction(ctx, async (unit) => {
        const { task: row, instance } = await lockTask(unit, id);
        // The attempt's write was sent and its answer lost: if it committed, this is its task.
        if (attempt?.landed && landedHere(row, actor, attempt.landed))
          return { task: toTask(row), instance: toInstance(instance) };
        return withIdempotency(
          unit.tx,
          `task:${id}`,
          options.idempotencyKey,
          () => completeTask(unit, ctx, row, instance, completion, actor),
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
