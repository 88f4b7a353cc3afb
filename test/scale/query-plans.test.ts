/**
 * The inbox, overdue, due-job and history queries stay on indexes as the
 * tables fill up: EXPLAIN each of the engine's own queries (captured as sent)
 * on 50,000 tasks and 50,000 finished jobs, and fail on a sequential scan.
 * Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillBigData, generatedInstanceId } from "../bench/fill-big-data.js";
import { rowsOf } from "../../engine/service/rows.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { claimDueJobs } from "../../engine/scheduler/claim-due-jobs.js";
import {
  captureQueries,
  explainingStatements,
  inlineParams,
  inRolledBackTransaction,
  type CapturedQuery,
} from "./capture-queries.js";

const INSTANCES = 10_000; // × 5 tasks = 50,000 tasks; × 5 finished jobs = 50,000 jobs

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine({ start: new Date().toISOString() });
  const db = t.engine.database.db;
  await fillBigData(
    async (statement) => {
      const result = (await db.execute(sql.raw(statement))) as unknown as {
        count?: number;
        affectedRows?: number;
      };
      return result.count ?? result.affectedRows ?? 0;
    },
    { instances: INSTANCES, tasksPerInstance: 5, finishedJobsPerInstance: 5 },
  );
});

afterAll(async () => {
  await t?.close();
});

/** Runs `call`, returns the engine's queries that read `table`. */
async function queriesOf(table: string, call: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const capture = captureQueries(t.engine.database.engineDb);
  try {
    await call();
  } finally {
    capture.stop();
  }
  return capture.queries.filter((q) => new RegExp(`from "?${table}"?( |$)`, "i").test(q.sql));
}

/** The plan's text; SHOW_PLANS=1 prints each query and plan. */
async function plan(query: CapturedQuery): Promise<string> {
  const result = await t.engine.database.db.execute(sql.raw(`explain ${inlineParams(query)}`));
  const text = rowsOf<Record<string, string>>(result)
    .map((row) => row["QUERY PLAN"])
    .join("\n");
  if (process.env.SHOW_PLANS) console.log(`${inlineParams(query)}\n${text}\n`);
  return text;
}

const officer = { id: "officer-7", groups: ["safety-office-t7", "enterprise-e1234"] };

describe("query plans on 50,000 tasks and jobs", () => {
  it("the tables are filled as the plans assume", async () => {
    const counts = rowsOf<{ tasks: number; jobs: number; open: number }>(
      await t.engine.database.db.execute(sql`select
        (select count(*)::int from tasks) as tasks,
        (select count(*)::int from jobs) as jobs,
        (select count(*)::int from tasks where status = 'open') as open`),
    )[0];
    expect(counts).toMatchObject({ tasks: 50_000, open: 3_000 });
    expect(counts!.jobs).toBeGreaterThanOrEqual(50_000);
  });

  it("the inbox of a user in two groups reads tasks through an index", async () => {
    let found = 0;
    const [query] = await queriesOf("tasks", async () => {
      found = (await t.engine.tasks.list({ user: officer })).items.length;
    });
    expect(found).toBeGreaterThan(0);
    const text = await plan(query!);
    expect(text).not.toMatch(/Seq Scan on tasks/);
    expect(text).toMatch(/Index/);
  });

  it("the overdue filter reads tasks through an index", async () => {
    const [query] = await queriesOf("tasks", () =>
      t.engine.tasks.list({ user: officer, overdue: true }),
    );
    const text = await plan(query!);
    expect(text).not.toMatch(/Seq Scan on tasks/);
    expect(text).toMatch(/Index/);
  });

  it("claiming due jobs reads only pending jobs, through their index", async () => {
    const plans: string[] = [];
    await inRolledBackTransaction(t.engine.database, async (tx) => {
      const statements = explainingStatements(t.engine.database.statements(tx), /from jobs/, plans);
      await claimDueJobs(statements, t.clock.now(), 200);
    });
    expect(plans).toHaveLength(1);
    expect(plans[0]).not.toMatch(/Seq Scan on jobs/);
    expect(plans[0]).toMatch(/jobs_pending_due/);
  });

  it("an instance's history is read through its key, however many closed cases there are", async () => {
    let entries = 0;
    const [query] = await queriesOf("history", async () => {
      entries = (await t.engine.instances.history(generatedInstanceId(4_321))).length;
    });
    expect(entries).toBeGreaterThan(0);
    const text = await plan(query!);
    expect(text).not.toMatch(/Seq Scan on history/);
    expect(text).toMatch(/history_instance_id_seq_pk/);
  });

  // Last: it moves the history of cases closed over a year ago and deletes their finished jobs.
  it("after retention has archived the old cases, histories are still read through keys", async () => {
    const moved = await t.engine.maintenance.archive();
    expect(moved.instances).toBeGreaterThan(1_000);
    await t.engine.database.db.execute(sql`analyze history, history_archive`);

    const [running] = await queriesOf("history", () =>
      t.engine.instances.history(generatedInstanceId(4_321)),
    );
    const runningPlan = await plan(running!);
    expect(runningPlan).not.toMatch(/history_archive|Seq Scan/);
    expect(runningPlan).toMatch(/history_instance_id_seq_pk/);

    // Instance 1,005 closed about 1,000 days ago: its rows are in the archive now.
    let entries = 0;
    const [archived] = await queriesOf("history", async () => {
      entries = (await t.engine.instances.history(generatedInstanceId(1_005))).length;
    });
    expect(entries).toBeGreaterThan(0);
    const archivedPlan = await plan(archived!);
    expect(archivedPlan).not.toMatch(/Seq Scan/);
    expect(archivedPlan).toMatch(/history_archive_instance_id_seq_pk/);
  });
});
