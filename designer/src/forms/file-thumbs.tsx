/**
 * Attachments as thumbnails (a badge for PDFs and documents); a click opens the viewer.
 * With `onRemove`, each has a button to take it out of the field.
 */
import { useState } from "react";
import type { FileInfo } from "../api/files.js";
import { FileViewer } from "../components/file-viewer.js";
import { useFileInfos } from "./use-file-infos.js";

function badge(contentType: string): string {
  if (contentType === "application/pdf") return "PDF";
  if (contentType.includes("wordprocessing")) return "Word";
  if (contentType.includes("spreadsheet")) return "Excel";
  if (contentType.includes("presentation")) return "PPT";
  return "文件";
}

export function FileThumbs({
  ids,
  infos,
  label,
  onRemove,
  disabled,
}: {
  ids: string[];
  infos: Map<string, FileInfo | Error>;
  label: string;
  onRemove?(id: string): void;
  disabled?: boolean;
}) {
  const [viewing, setViewing] = useState<number | null>(null);
  const loaded = ids
    .map((id) => infos.get(id))
    .filter((i): i is FileInfo => !!i && !(i instanceof Error));
  if (ids.length === 0) return null;
  return (
    <>
      <ul className="file-thumbs" aria-label={label}>
        {ids.map((id) => {
          const info = infos.get(id);
          if (info === undefined)
            return (
              <li key={id} className="file-thumb is-loading">
                加载中…
              </li>
            );
          if (info instanceof Error)
            return (
              <li key={id} className="file-thumb is-missing">
                文件无法查看
              </li>
            );
          return (
            <li key={id} className="file-thumb">
              <button
                type="button"
                className="file-thumb-open"
                aria-label={`查看 ${info.name}`}
                onClick={() => setViewing(loaded.indexOf(info))}
              >
                {info.thumbnailUrl ? (
                  <img src={info.thumbnailUrl} alt={info.name} loading="lazy" />
                ) : (
                  <span className="file-badge">{badge(info.contentType)}</span>
                )}
                <span className="file-thumb-name">{info.name}</span>
              </button>
              {onRemove && (
                <button
                  type="button"
                  className="file-thumb-remove"
                  aria-label={`删除 ${info.name}`}
                  disabled={disabled}
                  onClick={() => onRemove(id)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {viewing !== null && (
        <FileViewer
          files={loaded}
          index={viewing}
          onIndex={setViewing}
          onClose={() => setViewing(null)}
        />
      )}
    </>
  );
}

/** Read-only thumbnails of attachment ids (a finished task's files, photos to compare with). */
export function FileList({ ids, label }: { ids: string[]; label: string }) {
  const infos = useFileInfos(ids);
  return <FileThumbs ids={ids} infos={infos} label={label} />;
}
