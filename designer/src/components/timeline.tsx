/** An instance's history as a timeline: who did what, and which states it moved between. */
import type { HistoryEntry } from "../api/types.js";
import { formatDateTime } from "./format.js";

const kindLabels: Record<string, string> = {
  start: "发起",
  event: "办理",
  ignored: "忽略的事件",
  terminate: "终止",
  incident: "故障",
  retry: "重试",
  calendar: "期限重算",
  vote: "会签表决",
};

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
  stateLabels,
}: {
  entries: HistoryEntry[];
  stateLabels: Map<string, string>;
}) {
  const name = (key: string) => stateLabels.get(key) ?? key;
  if (entries.length === 0) return <p className="muted">暂无记录</p>;
  return (
    <ol className="timeline" aria-label="办理记录">
      {[...entries].reverse().map((entry) => (
        <li key={entry.seq} className={`timeline-item kind-${entry.kind}`}>
          <div className="timeline-time">{formatDateTime(entry.at)}</div>
          <div className="timeline-body">
            <strong>{kindLabels[entry.kind] ?? entry.kind}</strong>
            {entry.event && <code className="event-name">{entry.event}</code>}
            {entry.actor && (
              <span className="muted"> · {entry.actor === "system" ? "系统" : entry.actor}</span>
            )}
            {entry.kind === "calendar" && typeof entry.data?.reason === "string" && (
              <div className="timeline-move">{entry.data.reason}</div>
            )}
            {entry.to.length > 0 && entry.kind !== "calendar" && (
              <div className="timeline-move">
                {entry.from.length > 0 ? `${entry.from.map(name).join("、")} → ` : ""}
                {entry.to.map(name).join("、")}
              </div>
            )}
            {entry.kind === "event" && Array.isArray(entry.data?.votes) && (
              <ul className="timeline-votes" aria-label="表决">
                {(entry.data.votes as VoteEntry[]).map((vote) => (
                  <li key={`${vote.by}:${vote.at}`}>
                    {vote.group ?? vote.user}：<code className="event-name">{vote.outcome}</code>{" "}
                    <span className="muted">
                      {vote.by} · {formatDateTime(vote.at)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {entry.data && Object.keys(entry.data).length > 0 && (
              <details className="timeline-data">
                <summary>提交内容</summary>
                <dl className="facts compact">
                  {Object.entries(entry.data).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
