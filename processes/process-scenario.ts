/**
 * A fresh engine with the four domain processes published, the demo directory filed
 * and a manual clock, for the scenario tests beside each definition.
 *
 * @example
 * ```ts
 * const s = await createProcessScenario("2026-09-01T09:00:00+08:00");
 * const hazard = await s.engine.instances.start("hazard-closure", vars);
 * await s.complete(hazard.id, "CONFIRM_MAJOR", { basis: "…" });
 * await s.close();
 * ```
 */
import { expect } from "vitest";
import { createManualClock, type ManualClock } from "../engine/clock.js";
import type { Engine } from "../engine/engine.js";
import { createEngine } from "../engine/index.js";
import type { Actor, HistoryEntry, Instance, Notification, Task } from "../engine/types.js";
import { createTestDatabase } from "../test/support/test-database.js";
import { createDirectory } from "./directory/directory.js";
import { loadProcesses } from "./load-processes.js";
import { createSafetyDomain } from "./safety-domain.js";
import { seedDirectory } from "./seed-demo.js";

export interface ProcessScenario {
  engine: Engine;
  clock: ManualClock;
  /** Notifications delivered so far (by `runDueJobs`), oldest first. */
  notifications: Notification[];
  /** The open tasks of an instance. */
  openTasks(instanceId: string): Promise<Task[]>;
  /**
   * The open task of an instance whose outcomes include `outcome` (the first sub-task of a
   * 会签/或签); fails when there is none, or when tasks of two states offer it.
   */
  taskFor(instanceId: string, outcome: string): Promise<Task>;
  /**
   * Completes the open task offering `outcome`, as a member of its first candidate group;
   * a 会签's sub-tasks each vote `outcome` in turn, as different users, until the votes decide.
   */
  complete(instanceId: string, outcome: string, data?: Record<string, unknown>): Promise<Instance>;
  /** Open tasks in the inbox of a user who belongs to `groups`. */
  inbox(...groups: string[]): Promise<Task[]>;
  history(instanceId: string): Promise<HistoryEntry[]>;
  /** Children of an instance. */
  children(instanceId: string): Promise<Instance[]>;
  /** Completing the task must fail with `error` and leave task, state, revision and history as they were. */
  expectRefused(
    instanceId: string,
    outcome: string,
    data: Record<string, unknown>,
    error: new (...args: never[]) => Error,
  ): Promise<Error>;
  /** Moves the clock to `at` and runs every job then due. */
  runAt(at: string): Promise<number>;
  close(): Promise<void>;
}

export function actorIn(group: string): Actor {
  return { id: `user-of-${group}`, groups: [group] };
}

export async function createProcessScenario(start: string): Promise<ProcessScenario> {
  const database = await createTestDatabase();
  const clock = createManualClock(start);
  const notifications: Notification[] = [];
  const domain = createSafetyDomain();
  const engine = await createEngine({
    database: database.url,
    clock,
    senders: { default: async (notification) => void notifications.push(notification) },
    references: domain.references!,
    // The inspections' schedules fire for the directory's enterprises, as on a server.
    sources: domain.sources!,
  });
  await domain.migrate!(engine.database);
  await loadProcesses(engine);
  // The demo directory: hongda, lvyuan (tf01, 工贸), binhai-cold (tf02, 冷库), xinda-gas (tf02,
  // 燃气), tiefeng-quarry (tf03, 非煤矿山); processes fill names, villages and industries from it.
  await seedDirectory(createDirectory({ db: engine.database.db, clock }), "test");

  const openTasks = async (instanceId: string) =>
    (await engine.tasks.list({ instanceId, status: ["open", "claimed"] })).items;

  const taskFor = async (instanceId: string, outcome: string) => {
    const tasks = (await openTasks(instanceId)).filter((t) =>
      t.outcomes.some((o) => o.event === outcome),
    );
    const [task] = tasks;
    if (!task || tasks.some((t) => t.stateKey !== task.stateKey)) {
      throw new Error(`expected one open task offering ${outcome}, found ${tasks.length}`);
    }
    return task;
  };

  const complete = async (
    instanceId: string,
    outcome: string,
    data: Record<string, unknown> = {},
  ) => {
    for (;;) {
      const task = await taskFor(instanceId, outcome);
      const group = task.candidateGroups[0] ?? "process-admin";
      const { instance } = await engine.tasks.complete(task.id, { outcome, data }, actorIn(group));
      const [latest] = (await engine.instances.history(instanceId)).slice(-1);
      if (latest?.kind !== "vote") return instance;
    }
  };

  return {
    engine,
    clock,
    notifications,
    openTasks,
    taskFor,
    complete,
    async expectRefused(instanceId, outcome, data, error) {
      const task = await taskFor(instanceId, outcome);
      const before = await engine.instances.get(instanceId);
      const historyBefore = await engine.instances.history(instanceId);
      const refused = await complete(instanceId, outcome, data).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(error);
      const after = await engine.instances.get(instanceId);
      expect((await engine.tasks.get(task.id)).status).toBe("open");
      expect(after.activeStates).toEqual(before.activeStates);
      expect(after.revision).toBe(before.revision);
      expect(await engine.instances.history(instanceId)).toHaveLength(historyBefore.length);
      return refused as Error;
    },
    async inbox(...groups) {
      const user: Actor = { id: `inbox-of-${groups.join("+")}`, groups };
      return (await engine.tasks.list({ user, status: ["open", "claimed"], limit: 500 })).items;
    },
    history: (instanceId) => engine.instances.history(instanceId),
    async children(instanceId) {
      return (await engine.instances.list({ parentId: instanceId, limit: 100 })).items;
    },
    async runAt(at) {
      clock.set(at);
      return engine.runDueJobs();
    },
    async close() {
      await engine.close();
      await database.drop();
    },
  };
}
