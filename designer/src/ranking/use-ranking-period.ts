/**
 * The period the 晾晒 pages show, kept in the URL (`?period=2027-01`) so that a link or a
 * printout names it; the current month in Beijing when none is given.
 */
import { useUrlParams } from "../components/use-url-params.js";
import { parsePeriod, periodContaining } from "../../../processes/ranking/ranking-period.js";

export function useRankingPeriod(): [string, (period: string) => void] {
  const [params, setParams] = useUrlParams();
  const given = params.get("period");
  const period = given && parsePeriod(given) ? given : periodContaining("month", new Date()).key;
  return [period, (next) => setParams({ period: next })];
}
