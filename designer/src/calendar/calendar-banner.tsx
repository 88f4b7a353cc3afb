/**
 * From 1 October, tells calendar administrators that next year's holidays are not
 * entered yet, until they are.
 */
import { Link } from "react-router";
import { api } from "../api/client.js";
import { useAsync } from "../components/use-async.js";

export function CalendarBanner({ today = new Date() }: { today?: Date }) {
  const next = today.getFullYear() + 1;
  const due = today.getMonth() >= 9;
  const { data } = useAsync(
    () => (due ? api.calendar.get(next) : Promise.resolve(null)),
    [next, due],
  );
  if (!due || !data || data.complete) return null;
  return (
    <div className="notice error app-banner" role="alert" data-testid="calendar-banner">
      {next} 年节假日安排尚未录入。<Link to={`/calendar?year=${next}`}>去录入</Link>
    </div>
  );
}
