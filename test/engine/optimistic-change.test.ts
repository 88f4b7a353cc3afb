/**
 * A task completion on PostgreSQL is tried without a lock: read, decide, one write that
 * finds the instance and the task as read or fails whole (engine/service/optimistic-change.ts).
 * Here another transaction holds the rows while the completion's write waits for them, then
 * changes them (as a claim or another change would) before letting go: the write must find
 * them moved, leave nothing behind, and the completion must end as it would under a lock.
 * PGlite takes the lock every time (one connection): there the file records that it did not run.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../../engine/index.js";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const clerk = { id: "clara", groups: ["clerks"] };

/** Two checks in a row, each noting who did it; a NUDGE counts without moving. */
const twoChecks = {
  key: "two-checks",
  name: "Two checks",
  initial: "first",
  states: {
    first: {
      task: {
        name: "First check",
        candidateGroups: ["clerks"],
        outcomes: [{ event: "DONE", label: "Done" }],
      },
      on: {
        DONE: { target: "second", assign: { first: "actor.id" } },
        NUDGE: { assign: { nudges: "if vars.nudges = null then 1 else vars.nudges + 1" } },
      },
    },
    second: {
      task: {
        name: "Second check",
        candidateGroups: ["clerks"],
        outcomes: [{ event: "DONE", label: "Done" }],
      },
      on: { DONE: "closed" },
    },
    closed: { type: "final" },
  },
};

/** Four parallel checks, each adding its name to the instance's variables when done. */
const fourChecks = {
  key: "four-checks",
  name: "Four checks",
  initial: "checks",
  states: {
    checks: {
      type: "parallel",
      onDone: "closed",
      states: Object.fromEntries(
        ["a", "b", "c", "d"].map((name) => [
          name,
          {
            initial: `${name}Open`,
            states: {
              [`${name}Open`]: {
                task: {
                  name: `Check ${name}`,
                  candidateGroups: ["clerks"],
                  outcomes: [{ event: `DONE_${name.toUpperCase()}`, label: "Done" }],
                },
                on: {
                  [`DONE_${name.toUpperCase()}`]: {
                    target: `${name}Done`,
                    assign: { [name]: "true" },
                  },
                },
              },
              [`${name}Done`]: { type: "final" },
            },
          },
        ]),
      ),
    },
    closed: { type: "final" },
  },
};

if (onPostgres) {
  describe("a completion without a lock, on PostgreSQL", () => {
    let t: TestEngine;
    let other: postgres.Sql;
    beforeAll(async () => {
      t = await openTestEngine({ poolSize: 4 });
      await t.engine.definitions.publish(twoChecks);
      await t.engine.definitions.publish(fourChecks);
      other = postgres(t.database.url, { max: 2, onnotice: () => {} });
    });
    afterAll(async () => {
      await other?.end();
      await t?.close();
    });

    /** A first-check task, its instance, and the instance's history length. */
    async function openCheck() {
      const { id } = await t.engine.instances.start("two-checks", {});
      const [task] = (await t.engine.tasks.list({ instanceId: id })).items;
      return {
        instanceId: id,
        taskId: task!.id,
        history: (await t.engine.instances.history(id)).length,
      };
    }

    /**
     * Completes `taskId` as the clerk while another transaction holds its rows; once the
     * completion's write waits for them, `meanwhile` runs in that transaction, which then
     * commits. Returns the completion's outcome.
     */
    async function completeWhileHeld(
      taskId: string,
      meanwhile: (tx: postgres.TransactionSql, write: { pid: number }) => Promise<unknown>,
    ) {
      let completion: Promise<unknown> = Promise.resolve();
      await other.begin(async (tx) => {
        await tx`select 1 from tasks t join instances i on i.id = t.instance_id
                  where t.id = ${taskId} for update of i, t`;
        completion = t.engine.tasks.complete(taskId, { outcome: "DONE" }, clerk).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const write = await waitingWrite();
        await meanwhile(tx, write);
      });
      return (await completion) as { value?: unknown; error?: unknown };
    }

    /** The completions' guarded writes (`count` of them), waiting for the rows another transaction holds. */
    async function waitingWrite(count = 1): Promise<{ pid: number }> {
      const name = new URL(t.database.url).pathname.slice(1);
      for (let tries = 0; tries < 500; tries++) {
        const rows = await other<{ pid: number }[]>`select pid from pg_stat_activity
          where datname = ${name} and wait_event_type = 'Lock'
            and query like 'with%instance_row as (update instances%'`;
        if (rows.length === count) return rows[0]!;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error("the completion's write never waited for the held rows");
    }

    it("a claim that lands between its read and its write: refused as under a lock, nothing written", async () => {
      const { instanceId, taskId, history } = await openCheck();
      const before = await t.engine.instances.get(instanceId);
      const outcome = await completeWhileHeld(taskId, async (tx) => {
        await tx`update tasks set status = 'claimed', assignee = 'otto', claimed_at = now() where id = ${taskId}`;
        await tx`update instances set participants = array_append(participants, 'otto') where id = ${instanceId}`;
      });
      expect(outcome.error).toBeInstanceOf(ConflictError);
      expect((outcome.error as Error).message).toContain("claimed by otto");
      const task = await t.engine.tasks.get(taskId);
      expect(task).toMatchObject({ status: "claimed", assignee: "otto", completedBy: null });
      const after = await t.engine.instances.get(instanceId);
      expect(after.revision).toBe(before.revision);
      expect(after.activeStates).toEqual(["first"]);
      expect(after.participants).toContain("otto");
      expect(await t.engine.instances.history(instanceId)).toHaveLength(history);
      const open = (await t.engine.tasks.list({ instanceId })).items.map((x) => x.name);
      expect(open).toEqual(["First check"]);
    });

    it("another change of the instance between its read and its write: written after it, not over it", async () => {
      const { instanceId, taskId } = await openCheck();
      const before = await t.engine.instances.get(instanceId);
      const outcome = await completeWhileHeld(taskId, async (tx) => {
        // What a NUDGE sent meanwhile would have written: a new revision and a variable.
        await tx`update instances set revision = revision + 1, vars = vars || '{"nudges": 1}'::jsonb,
                    snapshot = jsonb_set(snapshot, '{context,vars,nudges}', '1')
                  where id = ${instanceId}`;
        await tx`insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states)
                  values (${instanceId}, ${before.revision + 1}, now(), 'event', 'ned', 'NUDGE',
                          ${["first"]}, ${["first"]})`;
      });
      expect(outcome.error).toBeUndefined();
      const after = await t.engine.instances.get(instanceId);
      expect(after.revision).toBe(before.revision + 2);
      expect(after.vars).toMatchObject({ nudges: 1, first: "clara" });
      expect(after.activeStates).toEqual(["second"]);
      const history = await t.engine.instances.history(instanceId);
      expect(history.slice(-2).map((h) => [h.seq, h.event])).toEqual([
        [before.revision + 1, "NUDGE"],
        [before.revision + 2, "DONE"],
      ]);
      expect(await t.engine.tasks.get(taskId)).toMatchObject({
        status: "completed",
        completedBy: "clara",
      });
    });

    it("a claim of another of the instance's tasks meanwhile (no new revision): its participant is kept", async () => {
      const { instanceId, taskId } = await openCheck();
      const outcome = await completeWhileHeld(taskId, async (tx) => {
        await tx`update instances set participants = array_append(participants, 'otto') where id = ${instanceId}`;
      });
      expect(outcome.error).toBeUndefined();
      const after = await t.engine.instances.get(instanceId);
      expect(after.participants).toEqual(expect.arrayContaining(["otto", "clara"]));
      expect(after.activeStates).toEqual(["second"]);
    });

    it("its write's connection lost before it could commit: the completion is made once, under the lock", async () => {
      const { instanceId, taskId, history } = await openCheck();
      const outcome = await completeWhileHeld(taskId, async (tx, write) => {
        await tx`select pg_terminate_backend(${write.pid})`;
      });
      expect(outcome.error).toBeUndefined();
      expect(await t.engine.tasks.get(taskId)).toMatchObject({
        status: "completed",
        completedBy: "clara",
      });
      const rows = await t.engine.instances.history(instanceId);
      expect(rows).toHaveLength(history + 1);
      expect(rows.at(-1)).toMatchObject({ event: "DONE", actor: "clara" });
    });

    it("the same clerk completing one task twice at the same instant: once completed, once refused", async () => {
      const { instanceId, taskId, history } = await openCheck();
      const { createEngine } = await import("../../engine/index.js");
      const second = await createEngine({ database: t.database.url, clock: t.clock, poolSize: 2 });
      try {
        // Its definition compiled before (a first completion would read it, under the lock).
        await second.instances.start("two-checks", {});
        let both: Promise<PromiseSettledResult<unknown>[]> = Promise.resolve([]);
        await other.begin(async (tx) => {
          await tx`select 1 from tasks t join instances i on i.id = t.instance_id
                    where t.id = ${taskId} for update of i, t`;
          both = Promise.allSettled(
            [t.engine, second].map((engine) =>
              engine.tasks.complete(taskId, { outcome: "DONE" }, clerk),
            ),
          );
          // Both writes wait: both read the task open, at the clock's one instant.
          await waitingWrite(2);
        });
        const settled = await both;
        expect(settled.map((s) => s.status).sort()).toEqual(["fulfilled", "rejected"]);
        const refused = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(ConflictError);
        expect(await t.engine.instances.history(instanceId)).toHaveLength(history + 1);
      } finally {
        await second.close();
      }
    });

    it("four parallel checks completed at once from two engines: each applied once, none lost", async () => {
      const { createEngine } = await import("../../engine/index.js");
      const second = await createEngine({ database: t.database.url, clock: t.clock, poolSize: 4 });
      try {
        for (let round = 0; round < 5; round++) {
          const { id } = await t.engine.instances.start("four-checks", {});
          const { items } = await t.engine.tasks.list({ instanceId: id });
          expect(items).toHaveLength(4);
          await Promise.all(
            items.map((task, i) =>
              (i % 2 ? second : t.engine).tasks.complete(
                task.id,
                { outcome: task.outcomes[0]!.event },
                clerk,
              ),
            ),
          );
          const instance = await t.engine.instances.get(id);
          expect(instance.status).toBe("completed");
          expect(instance.vars).toMatchObject({ a: true, b: true, c: true, d: true });
          const events = (await t.engine.instances.history(id)).filter((h) => h.kind === "event");
          expect(events.map((h) => h.seq)).toEqual([1, 2, 3, 4]);
        }
      } finally {
        await second.close();
      }
    });
  });
} else {
  describe("a completion without a lock", () => {
    it("is tried on PostgreSQL only: PGlite's one connection takes the lock", () => {
      expect(onPostgres).toBe(false);
    });
  });
}
