/**
 * The write-set ceiling: the engine's write set for one task completion, done
 * by hand with nothing else around it — what the engine could reach if its
 * own work cost nothing. Per completion, on the engine's real tables (indexes
 * and the dashboard-count trigger included), between `begin` and `commit`:
 *
 * 1. one `select … join … for update` of the task and its instance;
 * 2. one statement of data-modifying CTEs: complete the task, open the next
 *    one, update the instance (snapshot, vars, states, revision, visibility,
 *    participants), insert the history row, `pg_notify` the three events the
 *    engine announces, read the transaction id (the lost-connection check).
 *
 * Both statements are prepared (postgres.js tagged templates). The values
 * written are those the engine itself wrote for one completion of a
 * bench-review instance, so rows, JSON and index entries are the same size,
 * and the next task's id is a UUID v7 as the engine's (a v4 id lands on a
 * random page of each index and made the ceiling slower than the engine's own
 * write set).
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { Engine } from "../../engine/engine.js";
import { newId } from "../../engine/ids.js";
import { BENCH_ACTOR, benchReview } from "./bench-processes.js";
import { cloneInstances } from "./clone-instances.js";
import { countStatements } from "./count-statements.js";
import { runConcurrently, type DatabaseCpu } from "./measure.js";

export interface CeilingResult {
  rate: number;
  /** Node CPU of this process per completion, ms. */
  cpuMs: number;
  /** Statements sent per completion (begin and commit included). */
  statements: number;
  /** PostgreSQL CPU per completion, ms (when `server` was given). */
  dbCpuMs: number | null;
}

/** Review tasks, one per bench-review instance: `count` fresh instances cloned from one the engine started. */
export async function openReviewTasks(engine: Engine, count: number): Promise<string[]> {
  await engine.definitions.publish(benchReview);
  const batch = `review-${randomUUID().slice(0, 8)}`;
  const template = await engine.instances.start("bench-review", {}, { businessKey: batch });
  if (count > 1) await cloneInstances(engine.database.db, template.id, count - 1);
  const ids: string[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await engine.tasks.list({ processKey: "bench-review", limit: 500, cursor });
    ids.push(...page.items.filter((t) => t.businessKey === batch).map((t) => t.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (ids.length !== count) throw new Error(`expected ${count} review tasks, found ${ids.length}`);
  return ids;
}

interface Written {
  snapshot: unknown;
  vars: unknown;
  activeStates: string[];
  visibleTo: string[];
  participants: string[];
  title: string | null;
  next: {
    stateKey: string;
    name: string;
    candidateGroups: string[];
    outcomes: unknown;
    priority: number;
  };
}

/** What the engine wrote for one completion: the instance after it and the task it opened. */
async function engineWrite(engine: Engine, url: string): Promise<Written> {
  const [taskId] = await openReviewTasks(engine, 1);
  const { instance } = await engine.tasks.complete(taskId!, { outcome: "PASS" }, BENCH_ACTOR);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<
      {
        snapshot: unknown;
        vars: unknown;
        active_states: string[];
        visible_to: string[];
        participants: string[];
        title: string | null;
      }[]
    >`select snapshot, vars, active_states, visible_to, participants, title from instances where id = ${instance.id}`;
    const [task] = await sql<
      {
        state_key: string;
        name: string;
        candidate_groups: string[];
        outcomes: unknown;
        priority: number;
      }[]
    >`select state_key, name, candidate_groups, outcomes, priority from tasks
       where instance_id = ${instance.id} and status = 'open'`;
    return {
      snapshot: row!.snapshot,
      vars: row!.vars,
      activeStates: row!.active_states,
      visibleTo: row!.visible_to,
      participants: row!.participants,
      title: row!.title,
      next: {
        stateKey: task!.state_key,
        name: task!.name,
        candidateGroups: task!.candidate_groups,
        outcomes: task!.outcomes,
        priority: task!.priority,
      },
    };
  } finally {
    await sql.end();
  }
}

/**
 * How the ceiling sends its statements. `awaited` (the ceiling): BEGIN, the locked read, the
 * write and COMMIT, each answered before the next is sent. `pipelined`: the same statements
 * in two round trips, BEGIN with the read and the write with COMMIT, as the engine sends
 * them. `unlocked`: the read without a lock and the write alone, gated on the revision read,
 * two statements and no transaction block.
 */
export type CeilingShape = "awaited" | "pipelined" | "unlocked";

/** The ceiling's rounds, set up once; `end` closes its client. */
export interface CeilingRounds {
  /** One round: `events` completions after a warm-up, the database's CPU read by `server`. */
  run(server?: DatabaseCpu | null): Promise<CeilingResult>;
  end(): Promise<void>;
}

/**
 * Sets up `rounds` rounds of `events` hand-written completions (each after a
 * warm-up of up to 200) from `callers` concurrent connections. `engine` opens
 * every round's tasks here, before the first round, so that no round's Node
 * CPU includes collecting the garbage of opening them (the engine's own
 * completions are measured the same way). The completions go through one
 * client of their own on `url`, the same database, kept for all rounds as
 * the engine keeps its pool.
 */
export async function ceilingRounds(
  engine: Engine,
  url: string,
  options: { callers: number; events: number; rounds: number; shape?: CeilingShape },
): Promise<CeilingRounds> {
  const written = await engineWrite(engine, url);
  const warmUp = Math.min(200, options.events);
  const perRound = warmUp + options.events;
  const allTaskIds = await openReviewTasks(engine, perRound * options.rounds);
  let round = 0;
  const sql = postgres(url, { max: options.callers, onnotice: () => {} });
  // Sent as text and cast, as the engine sends them: a string bound to a jsonb parameter
  // is itself encoded as JSON by postgres.js, and the rows held a JSON string, not the object.
  const snapshot = JSON.stringify(written.snapshot);
  const vars = JSON.stringify(written.vars);
  const outcomes = JSON.stringify(written.next.outcomes);
  type Read = {
    instance_id: string;
    process_key: string;
    business_key: string | null;
    revision: number;
    active_states: string[];
  };
  // The same columns as the engine's locked read; `unlocked` reads them without the lock.
  const read = (tx: postgres.ISql, taskId: string) =>
    options.shape === "unlocked"
      ? tx<Read[]>`select t.id, t.status, t.assignee, t.candidate_groups, t.form, t.outcomes,
               i.id as instance_id, i.process_key, i.version, i.business_key, i.title, i.status as instance_status,
               i.snapshot, i.vars, i.active_states, i.parent_id, i.revision, i.visible_to, i.participants
          from tasks t join instances i on i.id = t.instance_id
         where t.id = ${taskId}`
      : tx<Read[]>`select t.id, t.status, t.assignee, t.candidate_groups, t.form, t.outcomes,
               i.id as instance_id, i.process_key, i.version, i.business_key, i.title, i.status as instance_status,
               i.snapshot, i.vars, i.active_states, i.parent_id, i.revision, i.visible_to, i.participants
          from tasks t join instances i on i.id = t.instance_id
         where t.id = ${taskId}
           for update of t, i`;
  const noticesOf = (taskId: string, nextId: string, row: Read) => [
    JSON.stringify({ type: "task.completed", taskId, instanceId: row.instance_id }),
    JSON.stringify({ type: "task.created", taskId: nextId, instanceId: row.instance_id }),
    JSON.stringify({
      type: "instance.changed",
      instanceId: row.instance_id,
      processKey: row.process_key,
      status: "running",
    }),
  ];
  const write = (tx: postgres.ISql, taskId: string, row: Read) => {
    const nextId = newId();
    const seq = row.revision + 1;
    const events = noticesOf(taskId, nextId, row);
    return tx`
        with done as (
          update tasks set status = 'completed', ended_at = now(), completed_by = ${BENCH_ACTOR.id},
                           outcome = 'PASS', data = '{}'::jsonb
           where id = ${taskId}
        ), opened as (
          insert into tasks (id, instance_id, process_key, state_key, name, candidate_groups, assignee, status,
                             due_at, priority, form, outcomes, business_key, title, created_at)
          values (${nextId}, ${row.instance_id}, ${row.process_key}, ${written.next.stateKey}, ${written.next.name},
                  ${written.next.candidateGroups}, null, 'open', null, ${written.next.priority}, null,
                  ${outcomes}::text::jsonb, ${row.business_key}, ${written.title}, now())
        ), changed as (
          update instances set snapshot = ${snapshot}::text::jsonb, vars = ${vars}::text::jsonb,
                               active_states = ${written.activeStates}, status = 'running', revision = ${seq},
                               title = ${written.title}, visible_to = ${written.visibleTo},
                               participants = ${written.participants}, updated_at = now(), ended_at = null
           where id = ${row.instance_id}
        ), logged as (
          insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
          values (${row.instance_id}, ${seq}, now(), 'event', ${BENCH_ACTOR.id}, 'PASS',
                  ${row.active_states}, ${written.activeStates}, '{}'::jsonb)
        )
        select pg_notify('zhiben_events', ${events[0]!}), pg_notify('zhiben_events', ${events[1]!}),
               pg_notify('zhiben_events', ${events[2]!}), pg_current_xact_id()::text as xid`;
  };
  /**
   * The same writes in one statement on its own (no BEGIN, no COMMIT), each part gated on
   * the instance's update, which finds the row only at the revision read: the statements
   * an optimistic change would send, to measure what they cost (no retry: the bench's
   * completions never meet).
   */
  const guardedWrite = (taskId: string, row: Read) => {
    const nextId = newId();
    const seq = row.revision + 1;
    const events = noticesOf(taskId, nextId, row);
    return sql`
        with changed as (
          update instances set snapshot = ${snapshot}::text::jsonb, vars = ${vars}::text::jsonb,
                               active_states = ${written.activeStates}, status = 'running', revision = ${seq},
                               title = ${written.title}, visible_to = ${written.visibleTo},
                               participants = ${written.participants}, updated_at = now(), ended_at = null
           where id = ${row.instance_id} and revision = ${row.revision}
          returning id
        ), done as (
          update tasks set status = 'completed', ended_at = now(), completed_by = ${BENCH_ACTOR.id},
                           outcome = 'PASS', data = '{}'::jsonb
           where id = ${taskId} and exists (select from changed)
        ), opened as (
          insert into tasks (id, instance_id, process_key, state_key, name, candidate_groups, assignee, status,
                             due_at, priority, form, outcomes, business_key, title, created_at)
          select ${nextId}, ${row.instance_id}, ${row.process_key}, ${written.next.stateKey}, ${written.next.name},
                 ${written.next.candidateGroups}, null, 'open', null, ${written.next.priority}, null,
                 ${outcomes}::text::jsonb, ${row.business_key}, ${written.title}, now()
            from changed
        ), logged as (
          insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
          select ${row.instance_id}, ${seq}, now(), 'event', ${BENCH_ACTOR.id}, 'PASS',
                 ${row.active_states}, ${written.activeStates}, '{}'::jsonb
            from changed
        )
        select pg_notify('zhiben_events', ${events[0]!}), pg_notify('zhiben_events', ${events[1]!}),
               pg_notify('zhiben_events', ${events[2]!}), pg_current_xact_id()::text as xid
          from changed`;
  };
  const complete = async (taskId: string): Promise<void> => {
    if (options.shape === "unlocked") {
      const [row] = await read(sql, taskId);
      if (!row) throw new Error(`task ${taskId} not found`);
      if ((await guardedWrite(taskId, row)).length !== 1) throw new Error(`${taskId}: conflict`);
      return;
    }
    await sql.begin(async (tx) => {
      const [row] = await read(tx, taskId);
      if (!row) throw new Error(`task ${taskId} not found`);
      // `pipelined`: the write leaves with COMMIT, as the engine's does (patched postgres.js
      // fails the transaction at COMMIT when it failed).
      if (options.shape === "pipelined") void write(tx, taskId, row).execute();
      else await write(tx, taskId, row);
    });
  };

  async function run(server?: DatabaseCpu | null): Promise<CeilingResult> {
    if (round === options.rounds) throw new Error(`only ${options.rounds} rounds were set up`);
    const taskIds = allTaskIds.slice(round * perRound, ++round * perRound);
    // Counted in the warm-up: with postgres.js's debug hook on, each query captures a stack trace.
    const counter = countStatements(sql)!;
    await runConcurrently(options.callers, warmUp, (i) => complete(taskIds[i]!));
    const statements = counter.stop() / warmUp;
    await server?.start();
    const cpu = process.cpuUsage();
    const seconds = await runConcurrently(options.callers, options.events, (i) =>
      complete(taskIds[warmUp + i]!),
    );
    const used = process.cpuUsage(cpu);
    const serverMs = (await server?.stop()) ?? null;
    return {
      rate: options.events / seconds,
      cpuMs: (used.user + used.system) / 1000 / options.events,
      statements,
      dbCpuMs: serverMs === null ? null : serverMs / options.events,
    };
  }
  return { run, end: () => sql.end() };
}
