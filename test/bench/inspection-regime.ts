/**
 * The figures issue 15 asks of the inspection regime, for `npm run bench:data`:
 *
 * - a township's directory (500 enterprises in 20 villages) and a year of their daily
 *   inspections (≈ 180,000 instances), filled in set-based statements and counted into
 *   `ranking_counts` by the ranking trigger's own function (`zb_ranking_rows`), so the board
 *   holds what the trigger would have kept (the township's only: the city-wide hazards of
 *   the rest of bench:data are left out of it);
 * - the 晾晒 board's read (`readRanking`: the month, the quarter, the year) p50/p99;
 * - one day's 班组日排查 slot fired for every enterprise switched on, on a scratch database
 *   of its own (no other due jobs there): the time of the `runDueJobs` that fires it, the
 *   worker's own path.
 */
import { sql } from "drizzle-orm";
import { createEngine, createManualClock } from "../../engine/index.js";
import { rowsOf } from "../../engine/service/rows.js";
import { DEFAULT_INDUSTRIES } from "../../processes/directory/industries.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { readRanking } from "../../processes/ranking/ranking-figures.js";
import { parsePeriod } from "../../processes/ranking/ranking-period.js";
import { createSafetyDomain } from "../../processes/safety-domain.js";
import { COUNT_TRIGGERS } from "./fill-big-data.js";
import { latencies, percentile } from "./measure.js";
import type { QueryLatency } from "./query-latency.js";

export interface RegimeOptions {
  enterprises: number;
  villages: number;
  /** Daily inspections, spread over the year before now. */
  inspections: number;
  progress?: (label: string, rows: number, seconds: number) => void;
}

const uuidOf = (n: string) => `('00000000-0000-4000-a000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

const industryArray = `array[${DEFAULT_INDUSTRIES.map((i) => `'${i.name}'`).join(",")}]`;

/** Files `enterprises` enterprises in `villages` villages (replacing the directory). */
export async function fileBenchDirectory(
  exec: (statement: string) => Promise<number>,
  options: Pick<RegimeOptions, "enterprises" | "villages">,
): Promise<void> {
  const { enterprises, villages } = options;
  await exec(
    "truncate ranking_counts, inspection_settings, directory_enterprises, directory_villages cascade",
  );
  await exec(
    `insert into directory_villages (code, name, initials)
     select 'v' || lpad(g::text, 2, '0'), '第' || g || '村', 'dc' || g from generate_series(1, ${villages}) g`,
  );
  await exec(
    `insert into directory_enterprises (id, credit_code, name, initials, industry, village, high_risk)
     select 'e' || lpad(g::text, 4, '0'), 'BENCH' || lpad(g::text, 13, '0'), '企业 ' || g, 'qy' || g,
            (${industryArray})[g % ${DEFAULT_INDUSTRIES.length} + 1],
            'v' || lpad((g % ${villages} + 1)::text, 2, '0'), g % 4 = 0
       from generate_series(1, ${enterprises}) g`,
  );
}

/**
 * Files the directory and a year of daily inspections, on a database whose instance tables
 * hold no inspections yet (bench:data fills after emptying them); `exec` runs one statement
 * and returns its row count.
 */
export async function fillInspectionRegime(
  exec: (statement: string) => Promise<number>,
  options: RegimeOptions,
): Promise<void> {
  const step = async (label: string, statement: string) => {
    const started = performance.now();
    const rows = await exec(statement);
    options.progress?.(label, rows, (performance.now() - started) / 1000);
  };
  await fileBenchDirectory(exec, options);
  // Counted once at the end, set-based, by the ranking trigger's own function (as its migration
  // counts the cases already there) and the dashboard's rebuild: row by row is minutes.
  await exec("alter table instances disable trigger instances_ranking_counts_insert");
  for (const t of COUNT_TRIGGERS) await exec(`alter table instances disable trigger ${t}`);
  try {
    await insertInspections(step, options);
  } finally {
    await exec("alter table instances enable trigger instances_ranking_counts_insert");
    for (const t of COUNT_TRIGGERS) await exec(`alter table instances enable trigger ${t}`);
  }
  await step(
    "ranking counts",
    `insert into ranking_counts (kind, period, village, enterprise_id, inspections_due, inspections_on_time,
       inspections_late, hazards_closed, hazards_closed_on_time, major_open_delta, major_overdue_delta, letters,
       circulars, interviews)
     select r.kind, r.period, r.village, r.enterprise_id, sum(r.inspections_due), sum(r.inspections_on_time),
            sum(r.inspections_late), sum(r.hazards_closed), sum(r.hazards_closed_on_time), sum(r.major_open),
            sum(r.major_overdue), sum(r.letters), sum(r.circulars), sum(r.interviews)
       from instances i
      cross join lateral zb_ranking_rows(i.process_key, i.vars, i.status, i.active_states, i.updated_at) r
      where i.process_key like 'inspection-%'
      group by r.kind, r.period, r.village, r.enterprise_id`,
  );
  await step("dashboard counts", "select zb_rebuild_instance_counts()");
  await step("vacuum analyze", "vacuum analyze instances, ranking_counts, directory_enterprises");
}

async function insertInspections(
  step: (label: string, statement: string) => Promise<void>,
  { enterprises, villages, inspections }: RegimeOptions,
): Promise<void> {
  // The g-th inspection: enterprise g % n, due at the end of the day g / n days before today.
  await step(
    "daily inspections",
    `insert into instances (id, process_key, version, business_key, title, status, snapshot, vars, active_states,
                            revision, visible_to, participants, started_by, started_at, updated_at, ended_at)
     select ${uuidOf("g")}, 'inspection-daily', 1, null, '班组日排查', s.status,
            jsonb_build_object('value', s.state, 'status', case when s.status = 'running' then 'active' else 'done' end),
            v.vars, array[s.state], 1, array['enterprise-' || e.id, 'village-' || e.village], '{}', 'bench',
            d.due - interval '15 hours', d.due, case when s.status = 'running' then null else d.due end
       from generate_series(0, ${inspections - 1}) g
      cross join lateral (select 'e' || lpad((g % ${enterprises} + 1)::text, 4, '0') as id,
                                 'v' || lpad(((g % ${enterprises} + 1) % ${villages} + 1)::text, 2, '0') as village) e
      cross join lateral (select date_trunc('day', now()) - (g / ${enterprises}) * interval '1 day'
                                 + interval '15 hours 59 minutes 59 seconds' as due) d
      cross join lateral (select case when g % 50 = 0 then 'running' else 'completed' end as status,
                                 case when g % 50 = 0 then 'open' else 'done' end as state) s
      cross join lateral (select jsonb_build_object('enterpriseId', e.id, 'village', e.village,
                                 'dueAt', to_char(d.due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                 'overdue', g % 50 = 0, 'onTime', g % 7 <> 0) as vars) v`,
  );
}

/** p50/p99 of the board's read for this month, this quarter and this year. */
export async function measureRanking(
  db: Parameters<typeof readRanking>[0],
  samples: number,
  onResult: (result: QueryLatency) => void,
): Promise<void> {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString();
  const periods = [
    today.slice(0, 7),
    `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`,
    today.slice(0, 4),
  ];
  for (const text of periods) {
    const period = parsePeriod(text)!;
    let rows = 0;
    for (let i = 0; i < 10; i++) await readRanking(db, period, { township: "铁峰乡" });
    const times = await latencies(samples, async () => {
      const ranking = await readRanking(db, period, { township: "铁峰乡" });
      rows = ranking.villages.reduce((n, v) => n + v.enterprises.length, 0);
    });
    onResult({
      name: `晾晒 ranking ${text}`,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      rows,
      samples,
    });
  }
}

export interface SlotFiring {
  slot: Date;
  started: number;
  seconds: number;
}

/**
 * On an empty database (`url`): the engine's and the domain's tables, the shipped processes,
 * the directory, 班组日排查 switched on for every industry; a manual clock moved to the daily
 * schedule's next slot; the one `runDueJobs` that fires it timed (the other inspections'
 * schedules paused, so that only the daily counts).
 */
export async function measureSlotFiring(
  url: string,
  options: Pick<RegimeOptions, "enterprises" | "villages">,
): Promise<SlotFiring> {
  const domain = createSafetyDomain();
  const clock = createManualClock(new Date());
  const engine = await createEngine({
    database: url,
    clock,
    poolSize: 4,
    sources: domain.sources!,
  });
  const actor = { id: "bench", groups: ["process-admin"] };
  const exec = async (statement: string) =>
    rowsOf(await engine.database.db.execute(sql.raw(statement))).length;
  try {
    await domain.migrate!(engine.database);
    await loadProcesses(engine);
    await fileBenchDirectory(exec, options);
    await exec(`insert into inspection_settings (scope, id, daily, weekly, updated_by, updated_at)
      select 'industry', name, true, null, 'bench', now() from unnest(${industryArray}) name`);
    for (const s of await engine.schedules.list())
      if (s.processKey !== "inspection-daily" && s.active && !s.paused)
        await engine.schedules.pause(s.processKey, s.key, { actor, reason: "bench" });
    const slot = (await engine.schedules.get("inspection-daily", "daily")).nextSlots[0]!;
    clock.set(slot);
    const started = performance.now();
    await engine.runDueJobs();
    const seconds = (performance.now() - started) / 1000;
    const [row] = rowsOf<{ n: number }>(
      await engine.database.db.execute(
        sql`select count(*)::int as n from instances where process_key = 'inspection-daily'`,
      ),
    );
    return { slot, started: row?.n ?? 0, seconds };
  } finally {
    await engine.close();
  }
}
