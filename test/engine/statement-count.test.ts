/**
 * The statements one change sends to the database, counted by the engine's
 * `onStatement` hook, `begin` and `commit` included, and on PostgreSQL the round
 * trips (socket writes: BEGIN goes out with the first statement, COMMIT with the
 * write): a guard that fails when the hot path grows. It counts, it does not time.
 */
import { Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const clerk = { id: "clara", groups: ["clerks"] };

/** A claim's review: start opens a task and a timer; completing it opens the next task. */
const claimReview = {
  key: "claim-review",
  name: "Claim review",
  visibility: ["clerks", { expr: '"region-" + vars.region' }],
  initial: "check",
  states: {
    check: {
      task: {
        name: "Check the claim",
        candidateGroups: ["clerks"],
        due: "P2D",
        form: {
          type: "object",
          required: ["note"],
          properties: { note: { type: "string" } },
        },
        outcomes: [{ event: "CHECKED", label: "Checked" }],
      },
      on: {
        CHECKED: { target: "pay", assign: { checkedNote: "event.data.note" } },
        NUDGE: { assign: { nudges: "if vars.nudges = null then 1 else vars.nudges + 1" } },
      },
      after: [{ delay: "P5D", target: "expired" }],
    },
    pay: {
      task: {
        name: "Pay the claim",
        candidateGroups: ["payers"],
        outcomes: [{ event: "PAID", label: "Paid" }],
      },
      on: { PAID: "paid" },
    },
    expired: { type: "final" },
    paid: { type: "final" },
  },
};

/** 会签 by clerks and payers: each vote is one completion. */
const jointCheck = {
  key: "joint-check",
  name: "Joint check",
  initial: "check",
  states: {
    check: {
      task: {
        name: "Check jointly",
        each: { groups: ["clerks", "payers"] },
        complete: "all",
        outcomes: [{ event: "CHECKED", label: "Checked" }],
      },
      on: { CHECKED: "checked" },
    },
    checked: { type: "final" },
  },
};

/** A claim routed as it arrives (自动流转): large ones are checked, the rest paid at once. */
const routedClaim = {
  ...claimReview,
  key: "routed-claim",
  initial: "intake",
  states: {
    ...claimReview.states,
    intake: { always: [{ target: "check", guard: "vars.amount >= 1000" }, { target: "pay" }] },
  },
};

/** The claim review with a business-key pattern: the number is taken by the version's read. */
const numberedClaim = { ...claimReview, key: "numbered-claim", businessKey: "C{year}-{seq:4}" };

// Issue 18's targets: BEGIN, the locked read (the definition's version for a start), one write, COMMIT.
const START_STATEMENTS = 4;
const SEND_STATEMENTS = 4;
// On PostgreSQL a completion is first tried without a lock: the read and one guarded
// write, no BEGIN or COMMIT (engine/service/optimistic-change.ts). PGlite takes the lock.
const COMPLETE_STATEMENTS = onPostgres ? 2 : 4;
// On PostgreSQL BEGIN goes out with the locked read, and the write, not waited for, with
// COMMIT: two round trips (engine/store/database.ts `write`, scripts/patch-postgres.mjs).
const ROUND_TRIPS = 2;
// A batch of due timers is begin, the claim (three statements: the claim's planner setting
// and its reset), one write and commit, whatever its size (issue 18's target).
const STATEMENTS_PER_TIMER = 0.1;

let t: TestEngine;
const statements: string[] = [];
let counting = false;
/** Round trips while counting (PostgreSQL only). */
let roundTrips = 0;

/**
 * Whether a socket write to PostgreSQL asks for an answer the client then waits
 * for: it runs a statement (Execute, or a simple Query). A statement's first run
 * on a connection is preceded by a write that only describes it (Parse, Describe,
 * Flush: postgres.js learns its types), once per connection: not counted.
 */
function runsStatement(chunk: unknown): boolean {
  if (!Buffer.isBuffer(chunk)) return false;
  for (let at = 0; at + 5 <= chunk.length; at += 1 + chunk.readInt32BE(at + 1)) {
    const type = String.fromCharCode(chunk[at]!);
    if (type === "E" || type === "Q") return true;
  }
  return false;
}

/** The statements `change` sends, counted from its first to its last. */
async function count(change: () => Promise<unknown>): Promise<number> {
  statements.length = 0;
  roundTrips = 0;
  const write = Socket.prototype.write;
  const spy = vi.spyOn(Socket.prototype, "write").mockImplementation(function (
    this: Socket,
    ...args: unknown[]
  ) {
    if (runsStatement(args[0])) roundTrips++;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  });
  counting = true;
  try {
    await change();
  } finally {
    counting = false;
    spy.mockRestore();
  }
  return statements.length;
}

/** The round trips of the last count (PostgreSQL only). */
function expectRoundTrips(expected: number) {
  if (onPostgres) expect(roundTrips).toBe(expected);
}
afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  t = await openTestEngine({
    start: "2026-03-02T09:00:00+08:00",
    // Planning never cut short by a busy machine: one batch, whatever the load.
    jobs: { batchPlanMs: 60_000 },
    // One connection, whose statements the warm-up below prepares: the counts are then
    // those of every change after a connection's first (see runsStatement).
    poolSize: 1,
    onStatement: (statement) => {
      if (counting) statements.push(statement);
    },
  });
  await t.engine.definitions.publish(claimReview);
  // Compiled and cached before counting: the first change of a version reads its definition.
  const warm = await t.engine.instances.start("claim-review", { region: "north" });
  await t.engine.instances.send(warm.id, { type: "NUDGE" });
  const [task] = (await t.engine.tasks.list({ instanceId: warm.id })).items;
  await t.engine.tasks.complete(task!.id, { outcome: "CHECKED", data: { note: "ok" } }, clerk);
  await t.engine.definitions.publish(jointCheck);
  await t.engine.instances.start("joint-check", {});
  await t.engine.definitions.publish(numberedClaim);
  await t.engine.instances.start("numbered-claim", { region: "north" });
  await t.engine.definitions.publish(routedClaim);
  await t.engine.instances.start("routed-claim", { region: "north", amount: 5 });
});
afterAll(() => t?.close());

describe("statements per change", () => {
  it("start: an instance with a task and a timer", async () => {
    const n = await count(() => t.engine.instances.start("claim-review", { region: "north" }));
    expect(n).toBe(START_STATEMENTS);
    expectRoundTrips(ROUND_TRIPS);
  });

  it("start with a business-key pattern: the number costs no statement", async () => {
    let started: { businessKey: string | null } | undefined;
    const n = await count(async () => {
      started = await t.engine.instances.start("numbered-claim", { region: "west" });
    });
    expect(n).toBe(START_STATEMENTS);
    expect(started?.businessKey).toBe("C2026-0002");
  });

  it("start that moves on by an automatic transition: its history rows cost no statement", async () => {
    let started: { id: string; activeStates: string[] } | undefined;
    const n = await count(async () => {
      started = await t.engine.instances.start("routed-claim", { region: "north", amount: 5000 });
    });
    expect(n).toBe(START_STATEMENTS);
    expect(started?.activeStates).toEqual(["check"]);
    const history = await t.engine.instances.history(started!.id);
    expect(history.map((h) => [h.kind, h.to])).toEqual([
      ["start", ["intake"]],
      ["automatic", ["check"]],
    ]);
  });

  it("send: an event that stays in its state and assigns a variable", async () => {
    const { id } = await t.engine.instances.start("claim-review", { region: "south" });
    const n = await count(() => t.engine.instances.send(id, { type: "NUDGE" }));
    expect(n).toBe(SEND_STATEMENTS);
    expectRoundTrips(ROUND_TRIPS);
    expect((await t.engine.instances.get(id)).vars).toMatchObject({ nudges: 1 });
  });

  it("task completion: completes the task, leaves its state, opens the next task", async () => {
    const { id } = await t.engine.instances.start("claim-review", { region: "east" });
    const { items } = await t.engine.tasks.list({ instanceId: id });
    const n = await count(() =>
      t.engine.tasks.complete(items[0]!.id, { outcome: "CHECKED", data: { note: "ok" } }, clerk),
    );
    expect(n).toBe(COMPLETE_STATEMENTS);
    expectRoundTrips(ROUND_TRIPS);
    const open = await t.engine.tasks.list({ instanceId: id });
    expect(open.items.map((task) => task.name)).toEqual(["Pay the claim"]);
  });

  it("会签 votes: one that waits and the one that decides, each a completion", async () => {
    const { id } = await t.engine.instances.start("joint-check", {});
    const { items } = await t.engine.tasks.list({ instanceId: id });
    const clerkTask = items.find((task) => task.candidateGroups.includes("clerks"))!;
    const payerTask = items.find((task) => task.candidateGroups.includes("payers"))!;
    const payer = { id: "paul", groups: ["payers"] };
    const waits = await count(() =>
      t.engine.tasks.complete(clerkTask.id, { outcome: "CHECKED" }, clerk),
    );
    expect(waits).toBe(COMPLETE_STATEMENTS);
    expect((await t.engine.instances.get(id)).activeStates).toEqual(["check"]);
    const decides = await count(() =>
      t.engine.tasks.complete(payerTask.id, { outcome: "CHECKED" }, payer),
    );
    expect(decides).toBe(COMPLETE_STATEMENTS);
    expect((await t.engine.instances.get(id)).activeStates).toEqual(["checked"]);
  });

  it("timers: 100 due at once", async () => {
    await t.engine.runDueJobs();
    const started = [];
    for (let i = 0; i < 100; i++)
      started.push(await t.engine.instances.start("claim-review", { region: `r${i}` }));
    t.clock.advance("P5D");
    let fired = 0;
    const n = await count(async () => {
      fired = await t.engine.runDueJobs();
    });
    expect(fired).toBeGreaterThanOrEqual(100);
    expect(n / fired).toBeLessThanOrEqual(STATEMENTS_PER_TIMER);
    // Each fired once: the instance expired, its task was cancelled.
    for (const { id } of started) {
      expect(await t.engine.instances.get(id)).toMatchObject({
        status: "completed",
        activeStates: ["expired"],
      });
      const events = (await t.engine.instances.history(id)).filter((h) => h.kind === "event");
      expect(events).toHaveLength(1);
      expect(
        (await t.engine.tasks.list({ instanceId: id, status: "cancelled" })).items,
      ).toHaveLength(1);
    }
  });
});
