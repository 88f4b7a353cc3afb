/**
 * An instance's history as a timeline, in words: “张伟 确认为重大事故隐患”, the steps it
 * moved between, votes by name, and what was submitted under its form's titles. Event
 * keys show only to process admins, beside the words.
 */
import type { Definition, Delivery, HistoryEntry } from "../api/types.js";
import { FieldValues } from "../case/field-values.js";
import { NotifiedEntry } from "../case/notified-entry.js";
import { stepFields } from "../case/step-fields.js";
import { formatListTime } from "./format.js";
import { describeEntry, eventLabel, groupName, personName, type Names } from "./history-words.js";

/** A vote as the outcome event's `data.votes` holds it. */
interface VoteEntry {
  outcome: string;
  by: string;
  at: string;
  group?: string;
  user?: string;
}

export function Timeline({
  entries,
  definition,
  names,
  admin,
  deliveries = [],
}: {
  entries: HistoryEntry[];
  definition: Definition;
  names: Names;
  /** Process admins also see event keys and variables without a title. */
  admin: boolean;
  /** The case's deliveries: each `notified` entry shows what became of its own. */
  deliveries?: Delivery[];
}) {
  const labels = stateLabels(definition);
  // A state with neither label nor task name is internal: its key shows to admins only.
  const stepNames = (keys: string[]) =>
    keys
      .map((key) => labels.get(key) ?? (admin ? key : null))
      .filter(Boolean)
      .join("、");
  if (entries.length === 0) return <p className="muted">暂无记录</p>;
  return (
    <ol className="timeline" aria-label="办理记录">
      {[...entries].reverse().map((entry) => {
        const { who, what } = describeEntry(entry, definition, names);
        const { votes, ...data } = entry.data ?? {};
        return (
          <li key={entry.seq} className={`timeline-item kind-${entry.kind}`}>
            <div className="timeline-time">{formatListTime(entry.at)}</div>
            <div className="timeline-body">
              <strong className="timeline-headline">{who ? `${who} ${what}` : what}</strong>
              {admin && entry.event && <code className="event-name">{entry.event}</code>}
              {["calendar", "automatic"].includes(entry.kind) &&
                typeof entry.data?.reason === "string" && (
                  <div className="timeline-move">{entry.data.reason}</div>
                )}
              {stepNames(entry.to) &&
                !["calendar", "vote", "delegate", "notified"].includes(entry.kind) && (
                  <div className="timeline-move">
                    {stepNames(entry.from) ? `${stepNames(entry.from)} → ` : ""}
                    {stepNames(entry.to)}
                  </div>
                )}
              {entry.kind === "event" && Array.isArray(votes) && (
                <ul className="timeline-votes" aria-label="表决">
                  {(votes as VoteEntry[]).map((vote) => (
                    <li key={`${vote.by}:${vote.at}`}>
                      {vote.group ? groupName(vote.group, names) : personName(vote.user, names)}：
                      {eventLabel(definition, vote.outcome, entry.from) ??
                        (admin ? vote.outcome : "已表决")}{" "}
                      <span className="muted">
                        {personName(vote.by, names)} · {formatListTime(vote.at)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {entry.kind === "notified" && <NotifiedEntry entry={entry} deliveries={deliveries} />}
              {!["calendar", "delegate", "notified", "automatic"].includes(entry.kind) &&
                Object.keys(data).length > 0 && (
                  <Submitted entry={entry} data={data} definition={definition} admin={admin} />
                )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Submitted({
  entry,
  data,
  definition,
  admin,
}: {
  entry: HistoryEntry;
  data: Record<string, unknown>;
  definition: Definition;
  admin: boolean;
}) {
  const fields = stepFields(definition, entry);
  const shown = Object.keys(data).filter((k) => admin || fields.get(k)?.title);
  if (shown.length === 0) return null;
  return (
    <details className="timeline-data">
      <summary>提交内容</summary>
      <FieldValues values={data} fields={fields} admin={admin} />
    </details>
  );
}

/** State key → label (else its task's name), nested states too. */
export function stateLabels(definition: Pick<Definition, "states">): Map<string, string> {
  const labels = new Map<string, string>();
  const collect = (states: Definition["states"]) => {
    for (const [key, node] of Object.entries(states)) {
      const label = node.label || node.task?.name;
      if (label) labels.set(key, label);
      if (node.states) collect(node.states);
    }
  };
  collect(definition.states);
  return labels;
}
