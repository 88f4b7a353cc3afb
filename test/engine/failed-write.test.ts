/**
 * A change whose write fails leaves nothing behind and says why. On PostgreSQL
 * the write of a send or a completion is not waited for: it leaves with COMMIT
 * (engine/store/database.ts, `write`), so its failure must fail the transaction
 * at COMMIT, not be answered by PostgreSQL's silent ROLLBACK. The database here
 * refuses the write with a trigger, as a constraint or a full disk would.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const clerk = { id: "clara", groups: ["clerks"] };

const review = {
  key: "guarded-review",
  name: "Guarded review",
  initial: "check",
  states: {
    check: {
      task: {
        name: "Check",
        candidateGroups: ["clerks"],
        form: { type: "object", properties: { verdict: { type: "string" } } },
        outcomes: [{ event: "CHECKED", label: "Checked" }],
      },
      on: {
        CHECKED: { target: "done", assign: { verdict: "event.data.verdict" } },
        NOTE: { assign: { note: "event.data.note" } },
      },
    },
    done: { type: "final" },
  },
};

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine({ start: "2026-03-02T09:00:00+08:00" });
  await t.engine.definitions.publish(review);
  // Any instance whose variables say "refuse" cannot be written.
  await t.engine.database.db.execute(sql`
    create function refuse_marked() returns trigger language plpgsql as $$
    begin
      if new.vars::text like '%refuse%' then
        raise exception 'refused by the test' using errcode = 'P0001';
      end if;
      return new;
    end $$`);
  await t.engine.database.db.execute(sql`
    create trigger refuse_marked before update on instances
      for each row execute function refuse_marked()`);
});
afterAll(() => t?.close());

describe("a change whose write fails", () => {
  it("send: fails with the database's error, and the instance is as it was", async () => {
    const { id } = await t.engine.instances.start("guarded-review", {});
    const before = await t.engine.instances.get(id);
    await expect(
      t.engine.instances.send(id, { type: "NOTE", data: { note: "refuse" } }),
    ).rejects.toMatchObject({ code: "P0001" });
    const after = await t.engine.instances.get(id);
    expect(after.revision).toBe(before.revision);
    expect(after.vars).toEqual(before.vars);
    expect(await t.engine.instances.history(id)).toHaveLength(1);
    // The next change goes through: the failed one left no transaction open behind it.
    const noted = await t.engine.instances.send(id, { type: "NOTE", data: { note: "fine" } });
    expect(noted.vars).toMatchObject({ note: "fine" });
  });

  it("completion: fails, and the task stays open with no next state", async () => {
    const { id } = await t.engine.instances.start("guarded-review", {});
    const [task] = (await t.engine.tasks.list({ instanceId: id })).items;
    await expect(
      t.engine.tasks.complete(task!.id, { outcome: "CHECKED", data: { verdict: "refuse" } }, clerk),
    ).rejects.toMatchObject({ code: "P0001" });
    expect(await t.engine.tasks.get(task!.id)).toMatchObject({ status: "open", completedBy: null });
    expect(await t.engine.instances.get(id)).toMatchObject({
      status: "running",
      activeStates: ["check"],
    });
    const done = await t.engine.tasks.complete(
      task!.id,
      { outcome: "CHECKED", data: { verdict: "pass" } },
      clerk,
    );
    expect(done.instance).toMatchObject({ status: "completed", activeStates: ["done"] });
  });

  it("completion with an idempotency key: fails, and the key keeps no result", async () => {
    const { id } = await t.engine.instances.start("guarded-review", {});
    const [task] = (await t.engine.tasks.list({ instanceId: id })).items;
    const complete = (verdict: string) =>
      t.engine.tasks.complete(task!.id, { outcome: "CHECKED", data: { verdict } }, clerk, {
        idempotencyKey: "k-1",
      });
    await expect(complete("refuse")).rejects.toMatchObject({ code: "P0001" });
    const done = await complete("pass");
    expect(done.instance.vars).toMatchObject({ verdict: "pass" });
  });
});
