/**
 * Instances: start, send, get, list, history, terminate, retry. Each change is
 * one transaction under the instance's row lock.
 */
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { CompiledDefinition, GuardRefusal, MachineEvent } from "../definition/compile.js";
import type { EventMeta } from "../definition/feel.js";
import type { Instances } from "../engine.js";
import {
  ConflictError,
  DEFAULT_GUARD_MESSAGE,
  EventNotAcceptedError,
  GuardRejectedError,
  NotFoundError,
  ValidationError,
  type Problem,
} from "../errors.js";
import { newId, type InstanceId } from "../ids.js";
import {
  acceptedEvents,
  initialStep,
  tryStep,
  type PersistedSnapshot,
  type StepRefusal,
} from "../runtime/step.js";
import type { Db } from "../store/database.js";
import { history, historyArchive, idempotencyKeys, instances, jobs } from "../store/schema.js";
import { rowReader, selectList } from "../store/table-rows.js";
import { SYSTEM_ACTOR, type Actor, type HistoryKind, type Instance } from "../types.js";
import {
  ChangeLog,
  cancelJobs,
  cancelTasks,
  recordChange,
  writeStep,
  type StartChild,
} from "./apply-step.js";
import { unitOfWork, type EngineContext, type UnitOfWork } from "./context.js";
import type { CompletedTask } from "./write-change.js";
import { attachFiles } from "../files/attach-files.js";
import { formatBusinessKey } from "../definition/business-key-pattern.js";
import { beijingDate } from "../definition/duration.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { instanceVisibleTo } from "./visible-to.js";
import { instanceConditions } from "./instance-filter.js";
import { countInstances, setCountedVars } from "./instance-counts.js";
import { pendingTimers } from "./pending-timers.js";
import { checkedData } from "./checked-data.js";
import { checkSentEvent, checkStarter } from "./sent-event-check.js";
import { assertStringsWithin } from "./event-data.js";
import { isUuid, toHistoryEntry, toInstance, type InstanceRow } from "./rows.js";

const RESERVED_EVENT = /^(zb|xstate)\./;

/** What a step of this definition's instance sees besides vars and the event. */
export function metaFor(
  ctx: EngineContext,
  actor: Actor,
  row: { id: string; businessKey: string | null },
  compiled: CompiledDefinition,
): EventMeta {
  return {
    now: ctx.clock.now().toISOString(),
    actor,
    instance: { id: row.id, businessKey: row.businessKey },
    calendar: ctx.calendar.current(),
    ...(ctx.evaluator ? { evaluator: ctx.evaluator } : {}),
    expressions: compiled.expressions,
  };
}

// Locking the row gives the transaction its id, read here so that the write needs no answer.
const LOCK_INSTANCE = `select ${selectList(instances, "i")}, pg_current_xact_id()::text as xid
  from instances i where i.id = $1::uuid for update`;
const readInstance = rowReader(instances);

/** Locks the instance row for the rest of the transaction. */
export async function lockInstance(unit: UnitOfWork, id: string): Promise<InstanceRow> {
  if (!isUuid(id)) throw new NotFoundError("instance", id);
  const [raw] = await unit.statements.run<Record<string, unknown> & { xid: string }>(
    LOCK_INSTANCE,
    [id],
  );
  if (!raw) throw new NotFoundError("instance", id);
  unit.statements.wrote(raw.xid);
  return readInstance(raw);
}

export interface ApplyOptions {
  actor: Actor;
  kind?: HistoryKind;
  /** Internal events (timers, messages) are not merged into vars. */
  internal?: boolean;
  /** The task whose completion sends the event: completed by the same write. */
  completedTask?: CompletedTask;
  /** The outcome's label, named by a refusal whose guards carry no message. */
  label?: string;
}

/** Why an event changed nothing. */
export type RefusedEvent = GuardRejectedError | EventNotAcceptedError;

/** Applies one event to a locked instance; returns the new row, or the error saying why nothing was taken. */
export async function applyEvent(
  unit: UnitOfWork,
  ctx: EngineContext,
  row: InstanceRow,
  event: { type: string; data?: Record<string, unknown> },
  options: ApplyOptions,
): Promise<InstanceRow | RefusedEvent> {
  const compiled = await ctx.compiled(row.processKey, row.version, unit.tx);
  const meta = metaFor(ctx, options.actor, row, compiled);
  const machineEvent: MachineEvent = {
    type: event.type,
    data: event.data,
    ...(options.internal ? { $internal: true } : {}),
  };
  const result = tryStep(compiled, row.snapshot as PersistedSnapshot, machineEvent, meta);
  if ("rejection" in result) return refusal(result, event.type, row, options.label);
  return writeStep(unit, {
    compiled,
    row,
    result,
    meta,
    actor: options.actor,
    kind: options.kind ?? "event",
    event,
    from: row.activeStates,
    startChild: startIn(ctx),
    completedTask: options.completedTask,
  });
}

export function refusal(
  refused: StepRefusal,
  event: string,
  row: InstanceRow,
  label?: string,
): RefusedEvent {
  return refused.rejection === "GUARD_REJECTED"
    ? new GuardRejectedError(
        event,
        row.activeStates,
        refused.guardErrors,
        refusalProblems(refused.refusals, label),
      )
    : new EventNotAcceptedError(event, row.activeStates);
}

/**
 * The problems a guard refusal shows: each refusing guard's message at its
 * field (once each); when none has a message, the default with the outcome's
 * (or the transition's) label.
 */
export function refusalProblems(refusals: GuardRefusal[], label?: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const refused of refusals) {
    if (refused.message === undefined) continue;
    const path = refused.field ?? "";
    const key = `${path}\n${refused.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message: refused.message });
  }
  if (problems.length > 0) return problems;
  const named = label ?? refusals.find((r) => r.label !== undefined)?.label;
  const field = refusals.find((r) => r.field !== undefined)?.field ?? "";
  return [
    {
      path: field,
      message: named ? `${DEFAULT_GUARD_MESSAGE}：${named}` : DEFAULT_GUARD_MESSAGE,
    },
  ];
}

/**
 * The version to start and, when that version has a business-key pattern and the starter
 * named no key, the process's next number for the year: one statement, so that a start
 * stays at four. The counter row stays locked until the start commits (concurrent starts
 * wait their turn) and goes back with a rollback, so numbers have no gaps.
 */
const DEFINITION_VERSION = `with v as (
    select version, spec->>'businessKey' as pattern from definitions
     where key = $1::text and status = 'published' and ($2::int is null or version = $2::int)
     order by version desc limit 1),
  counter as (
    insert into business_key_counters (process_key, year, seq)
    select $1::text, $3::int, 1 from v where v.pattern is not null and $4::boolean
    on conflict (process_key, year) do update set seq = business_key_counters.seq + 1
    returning seq)
  select v.version, (select seq from counter) as seq, pg_current_xact_id()::text as xid from v`;

async function definitionVersion(
  unit: UnitOfWork,
  request: { key: string; version?: number; year: number; allocate: boolean },
): Promise<{ version: number; seq: number | null }> {
  const { key, version } = request;
  const [row] = await unit.statements.run<{
    version: number | null;
    seq: number | null;
    xid: string;
  }>(DEFINITION_VERSION, [key, version ?? null, request.year, request.allocate]);
  if (!row?.version)
    throw new NotFoundError("definition", version === undefined ? key : `${key}@${version}`);
  // A start always writes: its transaction's id, taken now, lets the write go out with COMMIT.
  unit.statements.wrote(row.xid);
  return { version: row.version, seq: row.seq };
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
): StartChild & ((unit: UnitOfWork, request: StartRequest) => Promise<InstanceRow>) {
  const start = async (unit: UnitOfWork, request: StartRequest): Promise<InstanceRow> => {
    const year = Number(beijingDate(unit.clock.now()).slice(0, 4));
    const { version, seq } = await definitionVersion(unit, {
      key: request.key,
      version: request.version,
      year,
      allocate: request.businessKey === null,
    });
    const compiled = await ctx.compiled(request.key, version, unit.tx);
    const pattern = compiled.definition.businessKey;
    const businessKey =
      request.businessKey ??
      (pattern && seq !== null ? formatBusinessKey(pattern, year, seq) : null);
    if (request.parentId === null && ctx.maxStringLength) {
      assertStringsWithin(request.vars, ctx.maxStringLength, "start variables");
    }
    const vars = await checkedData(
      unit.tx,
      ctx,
      compiled.definition.variables,
      request.vars,
      "start variables",
    );
    const id = newId<InstanceId>();
    const meta = metaFor(ctx, request.actor, { id, businessKey }, compiled);
    // Started by a user (not by a parent, not by the embedding code): who, and with which
    // fields; judged on the variables as filled from their references (a village from its enterprise).
    if (request.parentId === null && request.actor !== SYSTEM_ACTOR) {
      checkStarter(compiled.definition, request.vars, vars, meta);
    }
    // Attachments named by the start variables (engine/files): checked, then referenced.
    await attachFiles(unit.tx, ctx, {
      instanceId: id,
      parentId: request.parentId,
      schema: compiled.definition.variables,
      data: vars,
      actor: request.actor,
      taskId: null,
      stateKey: null,
    });
    const result = initialStep(compiled, vars, meta);
    const now = unit.clock.now();
    // The row as the write inserts it, before the step's columns are laid over it.
    const row: InstanceRow = {
      id,
      processKey: request.key,
      version,
      businessKey,
      title: null,
      status: "running",
      snapshot: result.snapshot,
      vars: result.vars,
      activeStates: result.activeStates,
      parentId: request.parentId,
      revision: 0,
      visibleTo: [],
      participants: [],
      incident: null,
      startedBy: request.actor.id,
      startedAt: now,
      updatedAt: now,
      endedAt: null,
    };
    return writeStep(unit, {
      compiled,
      row,
      result,
      meta,
      actor: request.actor,
      kind: "start",
      event: null,
      from: [],
      startChild: start,
      insert: { version, startedBy: request.actor.id },
    });
  };
  return start as never;
}

/** Runs `run` in one transaction; what its log still holds at the end is announced then. */
async function transaction<T>(
  ctx: EngineContext,
  run: (unit: UnitOfWork) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (raw) => {
    const unit = unitOfWork(ctx, raw as unknown as Db, new ChangeLog(), { commitsAfter: true });
    const value = await run(unit);
    await unit.log.flush(unit.tx);
    return value;
  });
}

export { transaction as inTransaction };

/** Creates an instance inside the caller's transaction (a scheduled start's children). */
export { startIn as startInstanceIn };

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
      const row = await transaction(ctx, (unit) =>
        start(unit, {
          key,
          version: options.version,
          vars,
          businessKey: options.businessKey ?? null,
          parentId: null,
          actor: options.actor ?? SYSTEM_ACTOR,
        }),
      );
      return toInstance(row);
    },

    async send(id, event, options = {}) {
      if (!event || typeof event.type !== "string" || event.type.length === 0) {
        throw new ValidationError("the event is invalid", [
          { path: "type", message: "is required" },
        ]);
      }
      return transaction(ctx, async (unit) => {
        const row = await lockInstance(unit, id);
        return withIdempotency(
          unit.tx,
          `instance:${row.id}`,
          options.idempotencyKey,
          async () => {
            if (row.status !== "running")
              throw new ConflictError(`instance ${id} is ${row.status}`);
            if (RESERVED_EVENT.test(event.type))
              throw new EventNotAcceptedError(event.type, row.activeStates);
            const data = event.data ?? undefined;
            if (ctx.maxStringLength) {
              assertStringsWithin(data, ctx.maxStringLength, "the event data");
            }
            if (options.actor) {
              const compiled = await ctx.compiled(row.processKey, row.version, unit.tx);
              const instance = {
                activeStates: row.activeStates,
                vars: row.vars as Record<string, unknown>,
              };
              checkSentEvent(
                compiled,
                instance,
                { type: event.type, data },
                metaFor(ctx, options.actor, row, compiled),
              );
            }
            const next = await applyEvent(
              unit,
              ctx,
              row,
              { type: event.type, data },
              { actor: options.actor ?? SYSTEM_ACTOR },
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
      const conditions = instanceConditions(filter);
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
      const row = await transaction(ctx, (unit) =>
        terminateIn(unit, id, options.reason ?? null, actor),
      );
      return toInstance(row);
    },

    async retry(id, options = {}) {
      const actor = options.actor ?? SYSTEM_ACTOR;
      const row = await transaction(ctx, async (unit) => {
        const current = await lockInstance(unit, id);
        const now = unit.clock.now();
        const retried = await unit.tx
          .update(jobs)
          .set({ status: "pending", attempts: 0, dueAt: now, lastError: null, finishedAt: null })
          .where(and(eq(jobs.instanceId, current.id), eq(jobs.status, "failed")))
          .returning({ id: jobs.id });
        if (retried.length > 0) unit.log.jobsAdded = true;
        return recordChange(unit, current, {
          kind: "retry",
          actor: actor.id,
          data: { jobs: retried.map((j) => j.id) },
          set: { incident: null },
        });
      });
      return toInstance(row);
    },

    async acceptedEvents(id) {
      const instance = await this.get(id);
      if (instance.status !== "running") return [];
      const compiled = await ctx.compiled(instance.processKey, instance.version, ctx.db);
      return acceptedEvents(compiled, instance.activeStates);
    },

    async timers(id) {
      const instance = await this.get(id);
      if (instance.status !== "running") return [];
      const compiled = await ctx.compiled(instance.processKey, instance.version, ctx.db);
      return pendingTimers(ctx.db, compiled, instance.id);
    },

    count(processKey, options = {}) {
      return countInstances(
        ctx.db,
        options.visibleTo ?? SYSTEM_COUNTER,
        processKey,
        options.by ?? null,
      );
    },

    setCountedVars(processKey, vars) {
      return setCountedVars(ctx.db, processKey, vars);
    },
  };
}

/** Counts as `process-admin`, who sees every instance. */
const SYSTEM_COUNTER: Actor = { id: SYSTEM_ACTOR.id, groups: ["process-admin"] };

/** Terminates a running instance and, first, its running children. */
async function terminateIn(
  unit: UnitOfWork,
  id: string,
  reason: string | null,
  actor: Actor,
): Promise<InstanceRow> {
  const row = await lockInstance(unit, id);
  if (row.status !== "running") throw new ConflictError(`instance ${id} is ${row.status}`);
  const children = await unit.tx
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.parentId, row.id), eq(instances.status, "running")));
  for (const child of children)
    await terminateIn(unit, child.id, reason ?? "parent terminated", actor);
  const now = unit.clock.now();
  await cancelTasks(unit, row, null, now);
  await cancelJobs(unit, row, now);
  return recordChange(unit, row, {
    kind: "terminate",
    actor: actor.id,
    data: reason === null ? null : { reason },
    set: { status: "terminated", endedAt: now },
  });
}
