/**
 * A small least-recently-used cache of computed values by string key. The
 * designer validates the whole definition on every edit; most expressions and
 * form schemas have not changed since the last run, and parsing or compiling
 * them again costs milliseconds each.
 *
 * @example
 * ```ts
 * const cached = createBoundedCache<number>(100);
 * cached("a", () => expensive("a")); // computed
 * cached("a", () => expensive("a")); // remembered
 * ```
 */
export function createBoundedCache<T>(limit: number): (key: string, compute: () => T) => T {
  const entries = new Map<string, T>();
  return (key, compute) => {
    if (entries.has(key)) {
      const value = entries.get(key) as T;
      entries.delete(key); // re-insert: Map order is recency order
      entries.set(key, value);
      return value;
    }
    const value = compute();
    entries.set(key, value);
    if (entries.size > limit) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    return value;
  };
}
