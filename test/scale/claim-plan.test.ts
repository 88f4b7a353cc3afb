/**
 * A worker's claim of due jobs walks the index of pending jobs in due order and
 * stops at the batch's size, also on a jobs table that was never analyzed (a new
 * database, a big fill autovacuum has not looked at yet, PGlite, which has no
 * autovacuum). There PostgreSQL's guess made the same query a scan of every due
 * job, joined to its instance and sorted: 205 ms for a claim of 200 out of 20,000.
 * EXPLAIN of exactly what the engine sends, on 3,000 due timers, on PGlite and,
 * with DATABASE_URL, on PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueJobs } from "../../engine/scheduler/claim-due-jobs.js";
import { rowsOf } from "../../engine/service/rows.js";
import { cloneInstances } from "../bench/clone-instances.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { explainingStatements, inRolledBackTransaction } from "./capture-queries.js";

const DUE = 3_000;
const BATCH = 200;

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine();
  const db = t.engine.database.db;
  // No statistics for this test's run, whatever autovacuum does meanwhile (PostgreSQL).
  if (t.engine.database.kind === "postgres")
    await db.execute(sql`alter table jobs set (autovacuum_enabled = false)`);
  await t.engine.definitions.publish({
    key: "alarm",
    name: "Alarm",
    initial: "waiting",
    states: { waiting: { after: [{ delay: "P1D", target: "rang" }] }, rang: { type: "final" } },
  });
  const first = await t.engine.instances.start("alarm", {});
  await cloneInstances(db, first.id, DUE - 1);
  await db.execute(
    sql`update jobs set due_at = due_at - interval '2 days' where status = 'pending'`,
  );
});
afterAll(() => t?.close());

/** The plans of the statements reading jobs that `claimDueJobs` sends, explained as it sends them. */
async function claimPlans(): Promise<{ plans: string[]; claimed: number }> {
  const plans: string[] = [];
  let claimed = 0;
  await inRolledBackTransaction(t.engine.database, async (tx) => {
    const statements = explainingStatements(t.engine.database.statements(tx), /from jobs/, plans);
    claimed = (await claimDueJobs(statements, t.clock.now(), BATCH)).length;
  });
  return { plans, claimed };
}

describe("claiming due jobs on a jobs table without statistics", () => {
  it("the table has no statistics, and PostgreSQL's own plan would sort every due job", async () => {
    const db = t.engine.database.db;
    const stats = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'jobs'`),
    );
    expect(stats[0]!.n).toBe(0);
    const plan = rowsOf<Record<string, string>>(
      await db.execute(sql`explain select j.id from jobs j join instances i on i.id = j.instance_id
        where j.status = 'pending' and j.due_at <= now() order by j.due_at limit ${BATCH}
        for update of j, i skip locked`),
    )
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan).toMatch(/Sort/);
  });

  it("takes one batch through the due index in due order: no sort, no scan of every due job", async () => {
    const { plans, claimed } = await claimPlans();
    expect(claimed).toBe(BATCH);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/Index Scan using jobs_pending_due on jobs/);
    expect(plans[0]).not.toMatch(/Sort|Bitmap|Seq Scan/);
  });
});
