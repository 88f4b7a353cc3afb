/**
 * A page's filters kept in the address bar, shown at once when the user changes one.
 *
 * react-router applies a URL change inside a React transition, which may land some frames
 * later on a busy phone; a `<select>` or a checkbox bound to the URL would meanwhile snap
 * back to its old value, and a second pick made in that gap would be computed from the old
 * one. This hook keeps the newest params in local state, set in the same event as the
 * change, until the address bar has caught up.
 *
 * ```tsx
 * const [params, setParams] = useUrlParams();
 * <input type="checkbox" checked={params.get("overdue") === "true"}
 *   onChange={(e) => setParams(withFilter(params, "overdue", e.target.checked ? "true" : ""))} />
 * ```
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";

type Next = URLSearchParams | Record<string, string>;

/**
 * `setParams` takes the new params, or a function of the newest ones: the newest are those
 * of the last change even when the address bar has not caught up yet, so a picker that
 * answers late cannot undo a newer change.
 */
export function useUrlParams(): [
  URLSearchParams,
  (next: Next | ((current: URLSearchParams) => Next), options?: { replace?: boolean }) => void,
] {
  const [urlParams, setUrlParams] = useSearchParams();
  const [pending, setPending] = useState<URLSearchParams | null>(null);
  const urlKey = urlParams.toString();
  const newest = useRef(urlParams);
  const sent = useRef(new Set<string>());
  useEffect(() => {
    // One of our own earlier changes landing late: the newest one is still to come.
    if (sent.current.has(urlKey) && urlKey !== newest.current.toString()) return;
    // Ours caught up, or a navigation from elsewhere (a link, the back button).
    sent.current.clear();
    newest.current = new URLSearchParams(urlKey);
    setPending(null);
  }, [urlKey]);
  const set = useCallback(
    (next: Next | ((current: URLSearchParams) => Next), options?: { replace?: boolean }) => {
      const params = new URLSearchParams(
        typeof next === "function" ? next(new URLSearchParams(newest.current)) : next,
      );
      newest.current = params;
      sent.current.add(params.toString());
      setPending(params);
      setUrlParams(params, { replace: options?.replace ?? true });
    },
    [setUrlParams],
  );
  return [pending ?? urlParams, set];
}
