/** A 会签/或签 under way on a case: each sub-task's group or person, and its vote once cast. */
import type { Ballot, Outcome } from "../api/types.js";
import { formatListTime } from "./format.js";
import { groupName, personName, type Names } from "./history-words.js";

export function BallotList({
  ballots,
  stateLabels,
  names,
  outcomesOf,
}: {
  ballots: Ballot[];
  stateLabels: Map<string, string>;
  names: Names;
  /** The outcomes of the task of a state, for their labels. */
  outcomesOf(state: string): Outcome[];
}) {
  const states = [...new Set(ballots.map((b) => b.state))];
  return (
    <>
      {states.map((state) => {
        const round = ballots.filter((b) => b.state === state);
        const cast = round.filter((b) => b.outcome !== null).length;
        const label = (event: string) =>
          outcomesOf(state).find((o) => o.event === event)?.label ?? event;
        return (
          <table
            className="table compact ballots"
            key={state}
            data-testid="ballots"
            data-state={state}
          >
            <caption>
              {stateLabels.get(state) ?? ""}：会签/或签 {cast}/{round.length} 已表决
            </caption>
            <thead>
              <tr>
                <th scope="col">组/人员</th>
                <th scope="col">意见</th>
                <th scope="col">表决人</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {round.map((b) => (
                <tr key={b.taskId} className={b.outcome ? "voted" : "pending"}>
                  <td>{b.group ? groupName(b.group, names) : personName(b.user, names)}</td>
                  <td>{b.outcome ? label(b.outcome) : <span className="muted">待表决</span>}</td>
                  <td>{b.by ? personName(b.by, names) : "—"}</td>
                  <td>{b.at ? formatListTime(b.at) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </>
  );
}
