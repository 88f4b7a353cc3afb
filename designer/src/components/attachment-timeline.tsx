/**
 * Every attachment of a case on a timeline: when, by whom, in which step and field,
 * as thumbnails that open the viewer, with where each photo was taken when its camera
 * recorded it.
 */
import { instanceFiles, type Attachment } from "../api/files.js";
import { FileThumbs } from "../forms/file-thumbs.js";
import { formatGps } from "./file-format.js";
import { formatDateTime } from "./format.js";
import { ErrorBox, Loading } from "./status-views.js";
import { useAsync } from "./use-async.js";

interface Group {
  key: string;
  at: string;
  by: string;
  title: string;
  step: string;
  files: Attachment[];
}

/** Attachments made by one submission of one field form one entry. */
function groupsOf(attachments: Attachment[]): Group[] {
  const groups: Group[] = [];
  for (const a of attachments) {
    const key = `${a.referencedAt}|${a.referencedBy}|${a.taskId ?? ""}|${a.field}`;
    const last = groups[groups.length - 1];
    if (last?.key === key) last.files.push(a);
    else
      groups.push({
        key,
        at: a.referencedAt,
        by: a.referencedBy,
        title: a.fieldTitle ?? a.field,
        step: a.stateLabel ?? "发起",
        files: [a],
      });
  }
  return groups;
}

export function AttachmentTimeline({ instanceId, tick }: { instanceId: string; tick: number }) {
  const state = useAsync(() => instanceFiles(instanceId), [instanceId, tick]);
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  if (state.data.length === 0) return <p className="muted">暂无附件</p>;
  return (
    <ol className="timeline attachment-timeline" aria-label="附件">
      {groupsOf(state.data)
        .reverse()
        .map((group) => (
          <li key={group.key} className="timeline-item">
            <div className="timeline-time">{formatDateTime(group.at)}</div>
            <div className="timeline-body">
              <strong>{group.title}</strong>
              <span className="muted">
                {" "}
                · {group.step} · {group.by === "system" ? "系统" : group.by}
              </span>
              <FileThumbs
                ids={group.files.map((f) => f.id)}
                infos={new Map(group.files.map((f) => [f.id, f]))}
                label={group.title}
              />
              {group.files.some((f) => f.gps) && (
                <ul className="plain-list file-places">
                  {group.files
                    .filter((f) => f.gps)
                    .map((f) => (
                      <li key={f.id} className="muted">
                        {f.name}：{formatGps(f.gps!)}
                        {f.takenAt ? `，拍摄于 ${f.takenAt.replace("T", " ")}` : ""}
                      </li>
                    ))}
                </ul>
              )}
            </div>
          </li>
        ))}
    </ol>
  );
}
