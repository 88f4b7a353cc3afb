/**
 * Group key → the name people read (`GET /api/groups`), for drawing a definition's
 * candidate groups by name. Empty until loaded or when the list is refused: keys show then.
 *
 * @example
 * ```tsx
 * const groupNames = useGroupNames();
 * groupNames["safety-office"]; // "安监办"
 * ```
 */
import { useMemo } from "react";
import { api } from "../api/client.js";
import { useAsync } from "./use-async.js";

export function useGroupNames(): Readonly<Record<string, string>> {
  const groups = useAsync(() => api.groups.list(), []);
  return useMemo(
    () =>
      Object.fromEntries(
        (groups.data ?? []).flatMap((g) => (g.name ? [[g.key, g.name] as const] : [])),
      ),
    [groups.data],
  );
}
