/**
 * The 晾晒 board's counts (drizzle-orm): per period, village and enterprise, kept by the
 * `instances_ranking_counts` trigger (custom migration `0002_ranking-trigger.sql`) in the
 * transaction of each change to an inspection, a hazard or an escalation, so that the board
 * reads a few hundred rows instead of scanning instances.
 *
 * A period is a month (`2027-01`), a quarter (`2027-Q1`) or a year (`2027`) in Beijing time;
 * each change adds to the row of each of the three. Inspections count in the period of their
 * due date; hazards and escalations in the period of the change. The `*_delta` columns are
 * changes to a balance (open major hazards, overdue ones): the balance at a period's end is
 * their sum over that period and the ones before.
 */
import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const count = (name: string) => integer(name).notNull().default(0);

export const rankingCounts = pgTable(
  "ranking_counts",
  {
    /** `month`, `quarter` or `year`. */
    kind: text("kind", { enum: ["month", "quarter", "year"] }).notNull(),
    period: text("period").notNull(),
    village: text("village").notNull(),
    enterpriseId: text("enterprise_id").notNull(),
    /** Inspections whose due date has passed or that were submitted. */
    inspectionsDue: count("inspections_due"),
    inspectionsOnTime: count("inspections_on_time"),
    inspectionsLate: count("inspections_late"),
    hazardsClosed: count("hazards_closed"),
    hazardsClosedOnTime: count("hazards_closed_on_time"),
    majorOpenDelta: count("major_open_delta"),
    majorOverdueDelta: count("major_overdue_delta"),
    /** Escalations that reached 函告, 通报 and 约谈 in the period. */
    letters: count("letters"),
    circulars: count("circulars"),
    interviews: count("interviews"),
  },
  (t) => [primaryKey({ columns: [t.kind, t.period, t.village, t.enterpriseId] })],
);
