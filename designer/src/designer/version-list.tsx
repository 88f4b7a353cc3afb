/** The published versions of a process, newest first; each opens read-only. */
import type { VersionSummary } from "../api/types.js";
import { formatDateTime } from "../components/format.js";
import { noNames, personName } from "../components/history-words.js";

export function VersionList({
  versions,
  current,
  onOpen,
}: {
  versions: VersionSummary[];
  /** The version being viewed, or null for the draft. */
  current: number | null;
  onOpen(version: number): void;
}) {
  return (
    <section className="versions" aria-label="版本">
      <h3>版本</h3>
      {versions.length === 0 ? (
        <p className="muted small">尚无已发布版本</p>
      ) : (
        <ul className="link-list">
          {[...versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <li key={v.version}>
                <button
                  type="button"
                  className={current === v.version ? "linklike current" : "linklike"}
                  aria-current={current === v.version ? "page" : undefined}
                  onClick={() => onOpen(v.version)}
                >
                  第 {v.version} 版
                </button>{" "}
                <span className="muted small">
                  {formatDateTime(v.createdAt)}{" "}
                  {v.createdByName ?? personName(v.createdBy, noNames)}
                </span>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
