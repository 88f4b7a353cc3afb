/**
 * The details (names, thumbnails, signed links) of attachment ids, loaded once per id and
 * loaded again when their links are about to expire.
 *
 * @example
 * ```ts
 * const infos = useFileInfos(ids); // Map id → FileInfo | Error (missing while loading)
 * ```
 */
import { useEffect, useState } from "react";
import { fileInfo, type FileInfo } from "../api/files.js";

/** Links are renewed this long before they expire. */
const RENEW_BEFORE_MS = 60_000;

export function isStale(info: FileInfo): boolean {
  return Date.parse(info.expiresAt) - Date.now() < RENEW_BEFORE_MS;
}

export function useFileInfos(ids: string[]): Map<string, FileInfo | Error> {
  const [infos, setInfos] = useState(() => new Map<string, FileInfo | Error>());
  const wanted = ids.join(",");

  useEffect(() => {
    let current = true;
    const missing = ids.filter((id) => {
      const known = infos.get(id);
      return known === undefined || (!(known instanceof Error) && isStale(known));
    });
    for (const id of missing) {
      fileInfo(id)
        .then(
          (info): FileInfo | Error => info,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        )
        .then((result) => {
          if (current) setInfos((before) => new Map(before).set(id, result));
        });
    }
    return () => {
      current = false;
    };
    // `infos` is read, not watched: a loaded id is not loaded again when another arrives.
  }, [wanted]);

  return infos;
}
