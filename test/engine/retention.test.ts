/**
 * Retention: history of instances that ended long ago moves to history_archive
 * and is still read in full; finished jobs, sent notifications, delivered or dead
 * deliveries and idempotency keys past the retention are deleted; running work and
 * deliveries still to be tried are never touched.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { createUserStore } from "../../engine/identity/user-store.js";
import {
  deliveries,
  history,
  historyArchive,
  idempotencyKeys,
  jobs,
  outbox,
} from "../../engine/store/schema.js";
import { onPostgres } from "../support/test-database.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const caseFile = {
  key: "case-file",
  name: "Case file",
  initial: "open",
  states: {
    open: {
      on: {
        NOTE: { assign: { notes: "if vars.notes = null then 1 else vars.notes + 1" } },
        CLOSE: {
          target: "closed",
          actions: [{ type: "notify", to: ["owner"], channel: "sms", message: '"closed"' }],
        },
        CLOSE_BY_FAX: {
          target: "closed",
          actions: [{ type: "notify", to: ["owner"], channel: "fax", message: '"closed"' }],
        },
        WAIT: "waiting",
      },
    },
    waiting: {
      after: [{ delay: "P400D", target: "closed" }],
      on: { CLOSE: "closed" },
    },
    closed: { type: "final" },
  },
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function open(options: Parameters<typeof openTestEngine>[0] = {}): Promise<TestEngine> {
  const t = await openTestEngine({ start: new Date().toISOString(), ...options });
  cleanups.push(() => t.close());
  await t.engine.definitions.publish(caseFile);
  return t;
}

async function liveHistoryRows(engine: Engine, ids: string[]): Promise<number> {
  const [row] = await engine.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(history)
    .where(inArray(history.instanceId, ids));
  return Number(row?.n ?? 0);
}

async function archivedHistoryRows(engine: Engine, ids: string[]): Promise<number> {
  const [row] = await engine.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(historyArchive)
    .where(inArray(historyArchive.instanceId, ids));
  return Number(row?.n ?? 0);
}

// Each test opens its own engine; on a loaded 2-core machine PGlite's start alone can take 20 s.
describe("retention", { timeout: 180_000 }, () => {
  it("archives what ended past the retention, keeps it readable, and never touches running work", async () => {
    let faxUp = false;
    const t = await open({
      retention: { days: 30 },
      jobs: { maxAttempts: 1 },
      senders: {
        fax: async () => {
          if (!faxUp) throw new Error("fax line down");
        },
      },
    });
    const { engine, clock } = t;
    const start = () => engine.instances.start("case-file", {});

    // Day 0: one closed case, one closed by a fax that failed (an incident), one still
    // open, one waiting on a 400-day timer, one whose timer was cancelled when it closed.
    const closed = await start();
    await engine.instances.send(closed.id, { type: "NOTE" }, { idempotencyKey: "note-1" });
    await engine.instances.send(closed.id, { type: "CLOSE" });
    const faxed = await start();
    await engine.instances.send(faxed.id, { type: "CLOSE_BY_FAX" });
    const open_ = await start();
    await engine.instances.send(open_.id, { type: "NOTE" });
    const waiting = await start();
    await engine.instances.send(waiting.id, { type: "WAIT" });
    const cancelled = await start();
    await engine.instances.send(cancelled.id, { type: "WAIT" });
    await engine.instances.send(cancelled.id, { type: "CLOSE" });
    expect(await engine.runDueJobs()).toBe(2); // the sms (sent) and the fax (failed)
    expect((await engine.instances.get(faxed.id)).incident).not.toBeNull();

    // Day 31: a case closed today stays in the live table.
    clock.advance("P31D");
    const recent = await start();
    await engine.instances.send(recent.id, { type: "CLOSE" });
    await engine.runDueJobs();
    await engine.instances.send(open_.id, { type: "NOTE" });

    const old = [closed.id, faxed.id, cancelled.id];
    const kept = [open_.id, waiting.id, recent.id];
    const before = new Map<string, unknown>();
    for (const id of [...old, ...kept]) before.set(id, await engine.instances.history(id));
    const oldRows = old.reduce((n, id) => n + (before.get(id) as unknown[]).length, 0);
    const keptRows = await liveHistoryRows(engine, kept);

    const result = await engine.maintenance.archive();
    expect(result).toMatchObject({
      instances: 3,
      historyRows: oldRows,
      jobs: 2, // the sent sms's delivery job and the cancelled timer; the failed fax job stays
      notifications: 1, // the sent sms; the undelivered fax stays in the outbox
      idempotencyKeys: 1,
    });
    expect(result.cutoff).toEqual(new Date(clock.now().getTime() - 30 * 86_400_000));

    // Nothing is lost: every history reads as before, the old ones from the archive.
    for (const id of [...old, ...kept])
      expect(await engine.instances.history(id)).toEqual(before.get(id));
    expect(await liveHistoryRows(engine, old)).toBe(0);
    expect(await archivedHistoryRows(engine, old)).toBe(oldRows);
    expect(await liveHistoryRows(engine, kept)).toBe(keptRows);
    expect(await archivedHistoryRows(engine, kept)).toBe(0);
    expect(
      await engine.database.db
        .select({ status: jobs.status, kind: jobs.kind })
        .from(jobs)
        .where(inArray(jobs.instanceId, [...old, waiting.id]))
        .orderBy(jobs.id),
    ).toEqual([
      { status: "failed", kind: "deliver" },
      { status: "pending", kind: "timer" },
    ]);
    // The fax never went out: its outbox row stays for the retry.
    expect(
      await engine.database.db
        .select({ status: outbox.status })
        .from(outbox)
        .where(eq(outbox.instanceId, faxed.id)),
    ).toEqual([{ status: "pending" }]);
    expect(
      await engine.database.db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.key, "note-1"))),
    ).toEqual([]);

    // A second run finds nothing more to do.
    expect(await engine.maintenance.archive()).toMatchObject({
      instances: 0,
      historyRows: 0,
      jobs: 0,
      notifications: 0,
      idempotencyKeys: 0,
    });

    // The kept failed job can still be retried; its new history rows join the archived ones.
    faxUp = true;
    await engine.instances.retry(faxed.id);
    expect(await engine.runDueJobs()).toBe(1);
    expect((await engine.instances.get(faxed.id)).incident).toBeNull();
    const faxedHistory = await engine.instances.history(faxed.id);
    expect(faxedHistory.map((h) => h.seq)).toEqual(faxedHistory.map((_, i) => i));
    // The retry, then the delivery's row naming whom it told.
    expect(faxedHistory.slice(-2).map((h) => h.kind)).toEqual(["retry", "notified"]);

    // The pending 400-day timer still fires.
    clock.advance("P370D");
    expect(await engine.runDueJobs()).toBe(1);
    expect((await engine.instances.get(waiting.id)).status).toBe("completed");

    // Now due: the case closed on day 31, and the retried case's new rows.
    expect(await engine.maintenance.archive()).toMatchObject({ instances: 2 });
    expect(await engine.instances.history(faxed.id)).toEqual(faxedHistory);
    expect(await engine.instances.history(recent.id)).toEqual(before.get(recent.id));
    // A case open for 400 days keeps its old rows in the live table while it runs …
    expect(await liveHistoryRows(engine, [open_.id])).toBe(3);
    await engine.instances.send(open_.id, { type: "CLOSE" });
    await engine.runDueJobs();
    const openHistory = await engine.instances.history(open_.id);
    expect((await engine.maintenance.archive()).instances).toBe(0);
    // … and they move, all of them, once it has been closed for longer than the retention.
    clock.advance("P31D");
    expect((await engine.maintenance.archive()).instances).toBe(2);
    expect(await liveHistoryRows(engine, [open_.id, waiting.id])).toBe(0);
    expect(await engine.instances.history(open_.id)).toEqual(openHistory);
  });

  it("does nothing when retention is off", async () => {
    const t = await open({ retention: { days: 0 } });
    const { id } = await t.engine.instances.start("case-file", {});
    await t.engine.instances.send(id, { type: "CLOSE" });
    await t.engine.runDueJobs();
    t.clock.advance("P3650D");
    expect(await t.engine.maintenance.archive()).toEqual({
      cutoff: null,
      instances: 0,
      historyRows: 0,
      jobs: 0,
      notifications: 0,
      deliveries: 0,
      idempotencyKeys: 0,
    });
    // start, CLOSE, and the delivery of its notification
    expect(await liveHistoryRows(t.engine, [id])).toBe(3);
  });

  it("in small batches, passes over long-running cases and still moves every closed one", async () => {
    const t = await open({ retention: { days: 30, batchSize: 2 } });
    const running: string[] = [];
    const ended: string[] = [];
    for (let i = 0; i < 8; i++) {
      running.push((await t.engine.instances.start("case-file", {})).id);
      const { id } = await t.engine.instances.start("case-file", {});
      await t.engine.instances.send(id, { type: "CLOSE" });
      ended.push(id);
      t.clock.advance("PT1M");
    }
    await t.engine.runDueJobs();
    t.clock.advance("P31D");
    expect(await t.engine.maintenance.archive()).toMatchObject({
      instances: 8,
      historyRows: 24,
      jobs: 8,
      notifications: 8,
    });
    expect(await liveHistoryRows(t.engine, ended)).toBe(0);
    expect(await liveHistoryRows(t.engine, running)).toBe(8);
  });

  it("is applied by a worker when it starts", async () => {
    const t = await open({ retention: { days: 7 } });
    const { id } = await t.engine.instances.start("case-file", {});
    await t.engine.instances.send(id, { type: "CLOSE" });
    await t.engine.runDueJobs();
    const full = await t.engine.instances.history(id);
    t.clock.advance("P8D");
    const worker = t.engine.startWorker({ pollMs: 50 });
    try {
      await expect.poll(() => liveHistoryRows(t.engine, [id]), { timeout: 20_000 }).toBe(0);
    } finally {
      await worker.stop();
    }
    expect(await t.engine.instances.history(id)).toEqual(full);
  });

  it("with two engines archiving at once, moves each row exactly once while cases keep changing", async () => {
    const t = await open({ retention: { days: 30, batchSize: 7 }, poolSize: 6 });
    const second = onPostgres
      ? await createEngine({
          database: t.database.url,
          clock: t.clock,
          retention: { days: 30, batchSize: 7 },
          poolSize: 6,
        })
      : t.engine;
    if (second !== t.engine) cleanups.push(() => second.close());
    const ended: string[] = [];
    for (let i = 0; i < 60; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const { id } = await t.engine.instances.start("case-file", {});
          await t.engine.instances.send(id, { type: "NOTE" });
          await t.engine.instances.send(id, { type: "CLOSE" });
          return id;
        }),
      );
      ended.push(...batch);
    }
    const running = await Promise.all(
      Array.from({ length: 5 }, () => t.engine.instances.start("case-file", {})),
    );
    await t.engine.runDueJobs();
    t.clock.advance("P31D");

    const results = await Promise.all([
      t.engine.maintenance.archive(),
      second.maintenance.archive(),
      t.engine.maintenance.archive(),
      second.maintenance.archive(),
      ...running.flatMap((r) => [
        t.engine.instances.send(r.id, { type: "NOTE" }),
        second.instances.send(r.id, { type: "NOTE" }),
      ]),
    ]);
    const runs = results.slice(0, 4) as Awaited<ReturnType<Engine["maintenance"]["archive"]>>[];
    expect(runs.reduce((n, r) => n + r.instances, 0)).toBe(60);
    // start, NOTE, CLOSE and the delivery of CLOSE's notification
    expect(runs.reduce((n, r) => n + r.historyRows, 0)).toBe(60 * 4);
    expect(runs.reduce((n, r) => n + r.jobs, 0)).toBe(60);
    expect(await liveHistoryRows(t.engine, ended)).toBe(0);
    expect(await archivedHistoryRows(t.engine, ended)).toBe(60 * 4);
    for (const r of running) {
      const entries = await second.instances.history(r.id);
      expect(entries.map((h) => h.seq)).toEqual([0, 1, 2]);
    }
    for (const id of ended.slice(0, 5))
      expect((await second.instances.history(id)).map((h) => h.kind)).toEqual([
        "start",
        "event",
        "event",
        "notified",
      ]);
  });

  it("deletes delivered and dead deliveries past the retention, and keeps those still to be tried", async () => {
    let pagerUp = true;
    const t = await open({
      retention: { days: 30 },
      notifications: {
        // A failed send is tried again 40 days later (±50 %): still pending at day 31.
        retryDelayMs: 40 * 86_400_000,
        senders: {
          pager: async () => {
            if (!pagerUp) throw new Error("pager down");
          },
        },
      },
    });
    const { engine, clock } = t;
    await createUserStore(engine.database.db).create({
      username: "li",
      name: "李明",
      password: "password-1",
      groups: ["owner"],
    });
    await engine.definitions.publish({
      key: "alarm",
      name: "Alarm",
      initial: "armed",
      states: {
        armed: {
          on: {
            ALARM: { actions: [{ type: "notify", to: ["owner"], message: '"警报"' }] },
            DISARM: "off",
          },
        },
        off: { type: "final" },
      },
    });
    await engine.notifications.channels.create({
      name: "值班寻呼",
      type: "pager",
      url: "http://127.0.0.1:9/pager",
      groups: ["owner"],
      maxAttempts: 2,
    });
    const alarm = async () => {
      const { id } = await engine.instances.start("alarm", {});
      await engine.instances.send(id, { type: "ALARM" });
      await engine.runDueJobs();
      await engine.notifications.runDue();
      return id;
    };
    const statuses = async () =>
      (
        await engine.database.db
          .select({
            instanceId: deliveries.instanceId,
            type: deliveries.channelType,
            status: deliveries.status,
          })
          .from(deliveries)
      )
        .map(
          (d) =>
            `${d.instanceId === delivered ? "delivered" : d.instanceId === failing ? "failing" : "recent"}:${d.type}:${d.status}`,
        )
        .sort();

    // Day 0: one alarm delivered on both channels; one whose page fails and waits to be retried.
    const delivered = await alarm();
    pagerUp = false;
    const failing = await alarm();
    expect(await statuses()).toEqual([
      "delivered:in-app:sent",
      "delivered:pager:sent",
      "failing:in-app:sent",
      "failing:pager:pending",
    ]);

    // Day 31: what was delivered goes (the unread in-app message too); the pending page stays.
    clock.advance("P31D");
    expect((await engine.maintenance.archive()).deliveries).toBe(3);
    expect(await statuses()).toEqual(["failing:pager:pending"]);

    // Day 100: its second try fails and it is dead; an admin still sees it for the retention.
    clock.advance("P69D");
    await engine.notifications.runDue();
    await alarm();
    expect(await statuses()).toEqual([
      "failing:pager:dead",
      "recent:in-app:sent",
      "recent:pager:pending",
    ]);
    expect((await engine.maintenance.archive()).deliveries).toBe(0);
    expect(await engine.notifications.deliveries.list({ status: "dead" })).toHaveLength(1);

    // Day 131: 30 days after its last try the dead one goes too; the newer pending one stays.
    clock.advance("P31D");
    const result = await engine.maintenance.archive();
    expect(result.deliveries).toBe(2); // the dead page and the recent in-app message
    expect(await statuses()).toEqual(["recent:pager:pending"]);
  });
});
