/**
 * The simulator's 定期发起 preview: each schedule's next ten slots from a day the admin
 * picks, on the server's working calendar, computed by the same pure function the
 * engine fires them with (holidays skipped by 每个工作日, 调休 make-up days taken).
 */
import { useState } from "react";
import type { WorkingCalendar } from "../../../engine/calendar/working-calendar.js";
import type { Schedule } from "../../../engine/definition/schedule-schema.js";
import { describeEvery } from "../../../engine/schedules/describe-schedule.js";
import { nextSlots } from "../../../engine/schedules/schedule-slots.js";

const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

/** `2027-01-04 周一 09:00`, in Beijing time. */
export function slotWords(slot: Date, calendar: WorkingCalendar): string {
  const beijing = new Date(slot.getTime() + 8 * 3600_000);
  const date = beijing.toISOString().slice(0, 10);
  const named = calendar.day(date);
  // A 调休 make-up day says so; a holiday never comes up on 每个工作日, but a weekly rule may.
  const note = named?.name ? `（${named.name}${named.kind === "workday" ? "·上班" : ""}）` : "";
  return `${date} 周${WEEKDAYS[beijing.getUTCDay()]} ${beijing.toISOString().slice(11, 16)}${note}`;
}

export function ScheduleSlotsPreview({
  schedules,
  calendar,
}: {
  schedules: Schedule[] | undefined;
  calendar: WorkingCalendar;
}) {
  const [from, setFrom] = useState(() =>
    new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
  );
  if (!schedules?.length) return null;
  // From the day's first minute, Beijing time: a slot at 00:00 that day counts.
  const after = new Date(new Date(`${from}T00:00:00+08:00`).getTime() - 1);
  return (
    <section className="schedule-slots" aria-label="定期发起的下十次">
      <h4>定期发起：接下来十次</h4>
      <div className="panel-field">
        <label htmlFor="sim-slots-from">自此日起</label>
        <input
          id="sim-slots-from"
          type="date"
          value={from}
          onChange={(e) => e.target.value && setFrom(e.target.value)}
        />
      </div>
      {schedules.map((schedule) => (
        <div key={schedule.key} className="schedule-slot-list">
          <p className="small">
            <strong>{schedule.label ?? schedule.key}</strong>：{describeEvery(schedule.every)}
          </p>
          <ol aria-label={`${schedule.label ?? schedule.key} 的下十次`}>
            {Number.isNaN(after.getTime())
              ? null
              : nextSlots(schedule.every, after, 10, calendar).map((slot) => (
                  <li key={slot.getTime()}>{slotWords(slot, calendar)}</li>
                ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
