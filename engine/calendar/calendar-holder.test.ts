import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../store/open-database.js";
import type { Database } from "../store/database.js";
import { calendarDays, calendarYears } from "../store/schema.js";
import { openCalendarHolder } from "./calendar-holder.js";

let database: Database;
beforeAll(async () => {
  database = await openDatabase("pglite://memory");
  await database.migrate();
});
afterAll(async () => {
  await database.close();
});

describe("the calendar an engine holds", () => {
  it("picks up a change nobody announced (made by hand in SQL) at its safety reload", async () => {
    const holder = await openCalendarHolder(database, {
      onError: (error) => {
        throw error;
      },
      safetyReloadMs: 50,
    });
    expect(holder.current().isComplete(2027)).toBe(false);
    // TEST DATA: one made-up day, entered without NOTIFY.
    await database.db.insert(calendarDays).values({
      date: "2027-01-01",
      year: 2027,
      kind: "holiday",
      name: "元旦",
    });
    await database.db
      .insert(calendarYears)
      .values({ year: 2027, complete: true, updatedBy: "dba", updatedAt: new Date() });
    for (let waited = 0; !holder.current().isComplete(2027) && waited < 2000; waited += 25)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(holder.current().isComplete(2027)).toBe(true);
    expect(holder.current().isWorkday("2027-01-01")).toBe(false);
    await holder.close();
  });
});
