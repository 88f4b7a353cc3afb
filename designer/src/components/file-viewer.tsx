/**
 * Shows attachments one at a time over the page: a photo large, a PDF inline, anything
 * else as a download; with its name, where and when it was taken, and the way to the
 * previous and next one (buttons, or ← →). Esc or the backdrop closes it.
 */
import { useEffect, useRef } from "react";
import type { FileInfo } from "../api/files.js";
import { formatBytes, formatGps } from "./file-format.js";

export function FileViewer({
  files,
  index,
  onIndex,
  onClose,
}: {
  files: FileInfo[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}) {
  const file = files[index];
  const closeRef = useRef<HTMLButtonElement>(null);
  const count = files.length;
  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
      if (event.key === "ArrowRight" && count > 1) onIndex((index + 1) % count);
      if (event.key === "ArrowLeft" && count > 1) onIndex((index - 1 + count) % count);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [index, count, onIndex, onClose]);
  if (!file) return null;
  const image = file.contentType.startsWith("image/");
  const pdf = file.contentType === "application/pdf";

  return (
    <div className="modal-backdrop file-viewer-backdrop" onClick={onClose}>
      <div
        className="file-viewer"
        role="dialog"
        aria-modal="true"
        aria-label={`查看附件：${file.name}`}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="file-viewer-head">
          <strong className="file-viewer-name">{file.name}</strong>
          {count > 1 && (
            <span className="muted">
              第 {index + 1} / {count} 个
            </span>
          )}
          <button type="button" className="btn small" ref={closeRef} onClick={onClose}>
            关闭
          </button>
        </header>
        <div className="file-viewer-body">
          {image ? (
            <img className="file-viewer-image" src={file.url} alt={file.name} />
          ) : pdf ? (
            <iframe className="file-viewer-pdf" src={file.url} title={file.name} />
          ) : (
            <p>
              此类文件不能在页面中预览，请
              <a href={file.url} download={file.name}>
                下载查看
              </a>
              。
            </p>
          )}
        </div>
        <footer className="file-viewer-foot">
          <span className="muted">
            {formatBytes(file.size)}
            {file.takenAt ? ` · 拍摄于 ${file.takenAt.replace("T", " ")}` : ""}
            {file.gps ? ` · 位置 ${formatGps(file.gps)}` : ""}
          </span>
          <span className="row">
            {count > 1 && (
              <>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => onIndex((index - 1 + count) % count)}
                >
                  上一个
                </button>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => onIndex((index + 1) % count)}
                >
                  下一个
                </button>
              </>
            )}
            <a className="btn small" href={file.url} download={file.name}>
              下载原件
            </a>
          </span>
        </footer>
      </div>
    </div>
  );
}
