/**
 * Automatic transitions (`always`, 自动流转) through the engine: the start and a
 * task's completion move on by themselves in the same change, the history says
 * why, and no task is opened for a state only passed through.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const officer = { id: "olga", groups: ["officers"] };
const judge = { id: "jack", groups: ["judges"] };

const report = {
  key: "routed-report",
  name: "Routed report",
  initial: "intake",
  states: {
    intake: {
      label: "受理",
      always: [
        { target: "check", guard: 'vars.source = "tip"', label: "举报须先现场核实" },
        { target: "judging" },
      ],
    },
    check: {
      task: {
        name: "现场核实",
        candidateGroups: ["officers"],
        outcomes: [{ event: "CHECKED", label: "核实完成" }],
      },
      on: { CHECKED: { target: "judging", assign: { checked: "true" } } },
    },
    judging: {
      task: {
        name: "判定",
        candidateGroups: ["judges"],
        form: { type: "object", properties: { withdrawn: { type: "boolean", title: "已撤回" } } },
        outcomes: [
          { event: "CLOSE", label: "办结" },
          { event: "NOTE", label: "备注" },
        ],
      },
      always: { target: "closed", guard: "vars.withdrawn = true", label: "报告人已撤回" },
      on: { CLOSE: "closed", NOTE: { target: "judging", reenter: true } },
    },
    closed: { type: "final" },
  },
};

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine();
  await t.engine.definitions.publish(report);
});
afterAll(() => t?.close());

const openTasks = async (id: string) =>
  (await t.engine.tasks.list({ instanceId: id, status: "open" })).items.map((task) => task.name);

describe("automatic transitions through the engine", () => {
  it("routes a tip-off to the on-site check at the start, with a history row saying why", async () => {
    const started = await t.engine.instances.start("routed-report", { source: "tip" });
    expect(started.activeStates).toEqual(["check"]);
    expect(await openTasks(started.id)).toEqual(["现场核实"]);
    // The state passed through opened nothing, not even a cancelled task.
    expect((await t.engine.tasks.list({ instanceId: started.id })).items).toHaveLength(1);
    const history = await t.engine.instances.history(started.id);
    expect(
      history.map(({ seq, kind, actor, from, to, data }) => ({ seq, kind, actor, from, to, data })),
    ).toEqual([
      { seq: 0, kind: "start", actor: "system", from: [], to: ["intake"], data: null },
      {
        seq: 1,
        kind: "automatic",
        actor: "system",
        from: ["intake"],
        to: ["check"],
        data: { reason: "举报须先现场核实" },
      },
    ]);
    expect((await t.engine.instances.get(started.id)).revision).toBe(1);

    const [task] = (await t.engine.tasks.list({ instanceId: started.id })).items;
    await t.engine.tasks.complete(task!.id, { outcome: "CHECKED" }, officer);
    expect(await openTasks(started.id)).toEqual(["判定"]);
  });

  it("sends any other report straight to judging", async () => {
    const started = await t.engine.instances.start("routed-report", { source: "inspection" });
    expect(started.activeStates).toEqual(["judging"]);
    expect(await openTasks(started.id)).toEqual(["判定"]);
    const history = await t.engine.instances.history(started.id);
    expect(history.map((h) => [h.kind, h.from, h.to, h.data])).toEqual([
      ["start", [], ["intake"], null],
      ["automatic", ["intake"], ["judging"], { reason: "自动流转" }],
    ]);
  });

  it("moves on after a completion once the guard holds, and stays while it does not", async () => {
    const { id } = await t.engine.instances.start("routed-report", { source: "inspection" });
    const judging = async () =>
      (await t.engine.tasks.list({ instanceId: id, status: "open" })).items[0]!;
    await t.engine.tasks.complete(
      (await judging()).id,
      { outcome: "NOTE", data: { withdrawn: false } },
      judge,
    );
    expect((await t.engine.instances.get(id)).activeStates).toEqual(["judging"]);
    expect(await openTasks(id)).toEqual(["判定"]);

    await t.engine.tasks.complete(
      (await judging()).id,
      { outcome: "NOTE", data: { withdrawn: true } },
      judge,
    );
    const after = await t.engine.instances.get(id);
    expect(after).toMatchObject({ status: "completed", activeStates: ["closed"] });
    const history = await t.engine.instances.history(id);
    expect(history.slice(-2).map((h) => [h.kind, h.actor, h.event, h.from, h.to])).toEqual([
      ["event", "jack", "NOTE", ["judging"], ["judging"]],
      ["automatic", "system", null, ["judging"], ["closed"]],
    ]);
    expect(history.at(-1)?.data).toEqual({ reason: "报告人已撤回" });
    expect(after.revision).toBe(history.at(-1)?.seq);
  });

  it("refuses to publish a loop of automatic transitions, saying where", async () => {
    await expect(
      t.engine.definitions.publish({
        key: "looping-report",
        name: "Looping",
        initial: "a",
        states: {
          a: { always: "b" },
          b: { always: "a", on: { STOP: "end" } },
          end: { type: "final" },
        },
      }),
    ).rejects.toMatchObject({
      problems: [
        expect.objectContaining({
          path: "states.a.always",
          message: expect.stringContaining("自动流转形成循环：a → b → a"),
        }),
      ],
    });
  });
});
