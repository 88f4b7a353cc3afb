/**
 * Instances: start, send, get, list, history, terminate, retry. Each change is
 * one transaction under the instance's row lock.
 */
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { lastGuardErrors, type MachineEvent } from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import type { Instances } from "../engine.js";
import {
  ConflictError,
  EventNotAcceptedError,
  GuardRejectedError,
  NotFoundError,
  ValidationError,
} from "../errors.js";
import { newId, type InstanceId } from "../ids.js";
import {
  acceptedEvents,
  initialStep,
  step,
  type PersistedSnapshot,
  type StepRejection,
} from "../runtime/step.js";
import type { Db } from "../store/database.js";
import {
  definitions,
  history,
  historyArchive,
  idempotencyKeys,
  instances,
  jobs,
} from "../store/schema.js";
import { SYSTEM_ACTOR, type Actor, type HistoryKind, type Instance } from "../types.js";
import {
  cancelTasks,
  ChangeLog,
  instanceTitle,
  recordChange,
  writeStep,
  type StartChild,
} from "./apply-step.js";
import type { EngineContext } from "./context.js";
import { attachFiles } from "../files/attach-files.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { instanceVisibleTo } from "./visible-to.js";
import { checkedData } from "./checked-data.js";
import { checkSentEvent, checkStarter } from "./sent-event-check.js";
import { isUuid, toHistoryEntry, toInstance, type InstanceRow } from "./rows.js";

const RESERVED_EVENT = /^(zb|xstate)\./;

export function metaFor(
  ctx: EngineContext,
  actor: Actor,
  row: { id: string; businessKey: string | null },
): EventMeta {
  return {
    now: ctx.clock.now().toISOString(),
    actor,
    instance: { id: row.id, businessKey: row.businessKey },
    calendar: ctx.calendar.current(),
    ...(ctx.evaluator ? { evaluator: ctx.evaluator } : {}),
  };
}

/** Locks the instance row for the rest of the transaction. */
export async function lockInstance(tx: Db, id: string): Promise<InstanceRow> {
  if (!isUuid(id)) throw new NotFoundError("instance", id);
  const [row] = await tx.select().from(instances).where(eq(instances.id, id)).for("update");
  if (!row) throw new NotFoundError("instance", id);
  return row;
}

export interface ApplyOptions {
  actor: Actor;
  kind?: HistoryKind;
  /** Internal events (timers, messages) are not merged into vars. */
  internal?: boolean;
}

/** Why an event changed nothing. */
export type RefusedEvent = GuardRejectedError | EventNotAcceptedError;

/** Applies one event to a locked instance; returns the new row, or the error saying why nothing was taken. */
export async function applyEvent(
  tx: Db,
  ctx: EngineContext,
  row: InstanceRow,
  event: { type: string; data?: Record<string, unknown> },
  options: ApplyOptions,
  log: ChangeLog,
): Promise<InstanceRow | RefusedEvent> {
  const compiled = await ctx.compiled(row.processKey, row.version, tx);
  const meta = metaFor(ctx, options.actor, row);
  const machineEvent: MachineEvent = {
    type: event.type,
    data: event.data,
    ...(options.internal ? { $internal: true } : {}),
  };
  const result = step(compiled, row.snapshot as PersistedSnapshot, machineEvent, meta);
  if (typeof result === "string") return refusal(result, event.type, row);
  return writeStep(
    tx,
    ctx,
    {
      compiled,
      row,
      result,
      meta,
      actor: options.actor,
      kind: options.kind ?? "event",
      event,
      from: row.activeStates,
      startChild: startIn(ctx),
    },
    log,
  );
}

/** Built right after the step, while its guard errors are still the latest. */
function refusal(rejection: StepRejection, event: string, row: InstanceRow): RefusedEvent {
  return rejection === "GUARD_REJECTED"
    ? new GuardRejectedError(event, row.activeStates, lastGuardErrors())
    : new EventNotAcceptedError(event, row.activeStates);
}

async function definitionVersion(tx: Db, key: string, version?: number): Promise<number> {
  const [row] = await tx
    .select({ version: definitions.version })
    .from(definitions)
    .where(
      and(
        eq(definitions.key, key),
        eq(definitions.status, "published"),
        version === undefined ? undefined : eq(definitions.version, version),
      ),
    )
    .orderBy(desc(definitions.version))
    .limit(1);
  if (!row?.version)
    throw new NotFoundError("definition", version === undefined ? key : `${key}@${version}`);
  return row.version;
}

interface StartRequest {
  key: string;
  version?: number;
  vars: Record<string, unknown>;
  businessKey: string | null;
  parentId: InstanceId | null;
  actor: Actor;
}

/** Creates an instance inside the caller's transaction (a start, or a child started by its parent). */
function startIn(
  ctx: EngineContext,
): StartChild & ((tx: Db, request: StartRequest, log: ChangeLog) => Promise<InstanceRow>) {
  const start = async (tx: Db, request: StartRequest, log: ChangeLog): Promise<InstanceRow> => {
    const version = await definitionVersion(tx, request.key, request.version);
    const compiled = await ctx.compiled(request.key, version, tx);
    const vars = await checkedData(
      tx,
      ctx,
      compiled.definition.variables,
      request.vars,
      "start variables",
    );
    const id = newId<InstanceId>();
    const meta = metaFor(ctx, request.actor, { id, businessKey: request.businessKey });
    // Started by a user (not by a parent, not by the embedding code): who, and with which
    // fields; judged on the variables as filled from their references (a village from its enterprise).
    if (request.parentId === null && request.actor !== SYSTEM_ACTOR) {
      checkStarter(compiled.definition, request.vars, vars, meta);
    }
    // Attachments named by the start variables (engine/files): checked, then referenced.
    await attachFiles(tx, ctx, {
      instanceId: id,
      parentId: request.parentId,
      schema: compiled.definition.variables,
      data: vars,
      actor: request.actor,
      taskId: null,
      stateKey: null,
    });
    const result = initialStep(compiled, vars, meta);
    const now = ctx.clock.now();
    const [row] = await tx
      .insert(instances)
      .values({
        id,
        processKey: request.key,
        version,
        businessKey: request.businessKey,
        title: instanceTitle(compiled, result.vars, request.businessKey),
        status: "running",
        snapshot: result.snapshot,
        vars: result.vars,
        activeStates: result.activeStates,
        parentId: request.parentId,
        revision: 0,
        startedBy: request.actor.id,
        startedAt: now,
        updatedAt: now,
      })
      .returning();
    return writeStep(
      tx,
      ctx,
      {
        compiled,
        row: row!,
        result,
        meta,
        actor: request.actor,
        kind: "start",
        event: null,
        from: [],
        startChild: start,
      },
      log,
    );
  };
  return start as never;
}

async function transaction<T>(
  ctx: EngineContext,
  run: (tx: Db, log: ChangeLog) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const log = new ChangeLog();
    const value = await run(tx, log);
    await log.flush(tx);
    return value;
  });
}

export { transaction as inTransaction };

function serialize(instance: Instance): unknown {
  return JSON.parse(JSON.stringify(instance));
}

function revive(stored: unknown): Instance {
  const value = stored as Instance & Record<string, unknown>;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...value,
    startedAt: date(value.startedAt)!,
    updatedAt: date(value.updatedAt)!,
    endedAt: date(value.endedAt),
  };
}

/** Returns the result stored for the key, or runs `apply` and stores its result, in the same transaction. */
export async function withIdempotency<T>(
  tx: Db,
  scope: string,
  key: string | undefined,
  apply: () => Promise<T>,
  codec: { serialize(value: T): unknown; revive(stored: unknown): T },
): Promise<T> {
  if (!key) return apply();
  const [stored] = await tx
    .select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (stored) return codec.revive(stored.result);
  const value = await apply();
  await tx.insert(idempotencyKeys).values({ scope, key, result: codec.serialize(value) });
  return value;
}

export const instanceCodec = { serialize, revive };

export function createInstances(ctx: EngineContext): Instances {
  const start = startIn(ctx);

  return {
    async start(key, vars, options = {}) {
      if (!vars || typeof vars !== "object" || Array.isArray(vars)) {
        throw new ValidationError("start variables are invalid", [
          { path: "", message: "must be an object" },
        ]);
      }
      const row = await transaction(ctx, (tx, log) =>
        start(
          tx,
          {
            key,
            version: options.version,
            vars,
            businessKey: options.businessKey ?? null,
            parentId: null,
            actor: options.actor ?? SYSTEM_ACTOR,
          },
          log,
        ),
      );
      return toInstance(row);
    },

    async send(id, event, options = {}) {
      if (!event || typeof event.type !== "string" || event.type.length === 0) {
        throw new ValidationError("the event is invalid", [
          { path: "type", message: "is required" },
        ]);
      }
      return transaction(ctx, async (tx, log) => {
        const row = await lockInstance(tx, id);
        return withIdempotency(
          tx,
          `instance:${row.id}`,
          options.idempotencyKey,
          async () => {
            if (row.status !== "running")
              throw new ConflictError(`instance ${id} is ${row.status}`);
            if (RESERVED_EVENT.test(event.type))
              throw new EventNotAcceptedError(event.type, row.activeStates);
            const data = event.data ?? undefined;
            if (options.actor) {
              const compiled = await ctx.compiled(row.processKey, row.version, tx);
              const instance = {
                activeStates: row.activeStates,
                vars: row.vars as Record<string, unknown>,
              };
              checkSentEvent(
                compiled,
                instance,
                { type: event.type, data },
                metaFor(ctx, options.actor, row),
              );
            }
            const next = await applyEvent(
              tx,
              ctx,
              row,
              { type: event.type, data },
              { actor: options.actor ?? SYSTEM_ACTOR },
              log,
            );
            if (next instanceof Error) throw next;
            return toInstance(next);
          },
          instanceCodec,
        );
      });
    },

    async get(id) {
      if (!isUuid(id)) throw new NotFoundError("instance", id);
      const [row] = await ctx.db.select().from(instances).where(eq(instances.id, id));
      if (!row) throw new NotFoundError("instance", id);
      return toInstance(row);
    },

    async list(filter = {}) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
      const conditions: (SQL | undefined)[] = [
        filter.processKey ? eq(instances.processKey, filter.processKey) : undefined,
        filter.status ? eq(instances.status, filter.status) : undefined,
        filter.parentId
          ? isUuid(filter.parentId)
            ? eq(instances.parentId, filter.parentId)
            : sql`false`
          : undefined,
        filter.businessKey ? eq(instances.businessKey, filter.businessKey) : undefined,
      ];
      if (filter.visibleTo) conditions.push(instanceVisibleTo(filter.visibleTo));
      const cursor = decodeCursor(filter.cursor);
      if (cursor) {
        conditions.push(
          or(
            lt(instances.startedAt, new Date(cursor.at)),
            and(eq(instances.startedAt, new Date(cursor.at)), lt(instances.id, cursor.id)),
          ),
        );
      }
      const rows = await ctx.db
        .select()
        .from(instances)
        .where(and(...conditions))
        .orderBy(desc(instances.startedAt), desc(instances.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toInstance),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ at: last.startedAt.toISOString(), id: last.id })
            : null,
      };
    },

    async history(id) {
      if (!isUuid(id)) throw new NotFoundError("instance", id);
      const [exists] = await ctx.db
        .select({ id: instances.id, endedAt: instances.endedAt })
        .from(instances)
        .where(eq(instances.id, id));
      if (!exists) throw new NotFoundError("instance", id);
      const live = ctx.db.select().from(history).where(eq(history.instanceId, id));
      if (exists.endedAt === null) return (await live.orderBy(history.seq)).map(toHistoryEntry);
      // An ended instance's rows may have moved to the archive (retention); one statement
      // reads both tables, so a move committing meanwhile is seen wholly or not at all.
      const rows = await live.unionAll(
        ctx.db.select().from(historyArchive).where(eq(historyArchive.instanceId, id)),
      );
      return rows.sort((a, b) => a.seq - b.seq).map(toHistoryEntry);
    },

    async terminate(id, options = {}) {
      const actor = options.actor ?? SYSTEM_ACTOR;
      const row = await transaction(ctx, (tx, log) =>
        terminateIn(tx, ctx, id, options.reason ?? null, actor, log),
      );
      return toInstance(row);
    },

    async retry(id, options = {}) {
      const actor = options.actor ?? SYSTEM_ACTOR;
      const row = await transaction(ctx, async (tx, log) => {
        const current = await lockInstance(tx, id);
        const now = ctx.clock.now();
        const retried = await tx
          .update(jobs)
          .set({ status: "pending", attempts: 0, dueAt: now, lastError: null, finishedAt: null })
          .where(and(eq(jobs.instanceId, current.id), eq(jobs.status, "failed")))
          .returning({ id: jobs.id });
        if (retried.length > 0) log.jobsAdded = true;
        return recordChange(
          tx,
          ctx,
          current,
          {
            kind: "retry",
            actor: actor.id,
            data: { jobs: retried.map((j) => j.id) },
            set: { incident: null },
          },
          log,
        );
      });
      return toInstance(row);
    },

    async acceptedEvents(id) {
      const instance = await this.get(id);
      if (instance.status !== "running") return [];
      const compiled = await ctx.compiled(instance.processKey, instance.version, ctx.db);
      return acceptedEvents(compiled, instance.activeStates);
    },
  };
}

/** Terminates a running instance and, first, its running children. */
async function terminateIn(
  tx: Db,
  ctx: EngineContext,
  id: string,
  reason: string | null,
  actor: Actor,
  log: ChangeLog,
) {
  const row = await lockInstance(tx, id);
  if (row.status !== "running") throw new ConflictError(`instance ${id} is ${row.status}`);
  const children = await tx
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.parentId, row.id), eq(instances.status, "running")));
  for (const child of children)
    await terminateIn(tx, ctx, child.id, reason ?? "parent terminated", actor, log);
  const now = ctx.clock.now();
  await cancelTasks(tx, log, row, null, now);
  await tx
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(jobs.instanceId, row.id), inArray(jobs.status, ["pending", "failed"])));
  return recordChange(
    tx,
    ctx,
    row,
    {
      kind: "terminate",
      actor: actor.id,
      data: reason === null ? null : { reason },
      set: { status: "terminated", endedAt: now },
    },
    log,
  );
}
