/**
 * The user behind a token, kept in memory for a short while (1 s by default,
 * per process), so that authenticating a request costs no database read.
 *
 * A change to a user still takes effect within that second on every process,
 * and at once where it is announced: the user store sends
 * `NOTIFY zhiben_users, '<user id>'` with each change (disabling, a new
 * password, new groups), and every process's cache drops that user when it
 * hears it (LISTEN, on PostgreSQL and on PGlite). A change made through this
 * process's store is dropped here at once, before the call returns.
 *
 * @example
 * ```ts
 * const users = cacheUsers(engine.users, { database: engine.database });
 * const row = await users.find("li"); // read once, then from memory for 1 s
 * await users.close();
 * ```
 */
import type { Database, UserRow, UserStore } from "../../engine/index.js";
import { CHANNEL_USERS } from "../../engine/identity/user-store.js";

export { CHANNEL_USERS };

export interface CachedUserStore extends UserStore {
  /** Stops listening for changes. */
  close(): Promise<void>;
}

export interface UserCacheOptions {
  /** Where changes are announced; without it, entries only expire. */
  database?: Pick<Database, "listen">;
  /** How long a user read stays in memory (default 1000 ms). */
  ttlMs?: number;
  /** Milliseconds of a monotonic clock (default `performance.now`). */
  now?: () => number;
  /** Told when listening fails (the cache then relies on its TTL alone). */
  onListenError?: (error: unknown) => void;
}

interface Entry {
  at: number;
  row: Promise<UserRow | null>;
}

export function cacheUsers(store: UserStore, options: UserCacheOptions = {}): CachedUserStore {
  const ttlMs = options.ttlMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const forget = (id: string) => void entries.delete(id);

  // Until LISTEN is in place (a few ms after start), the TTL alone bounds what is kept.
  const listening: Promise<() => Promise<void>> = options.database
    ? options.database
        .listen(CHANNEL_USERS, (id) =>
          // An empty payload: forget everyone (a change to many users at once).
          id ? forget(id) : entries.clear(),
        )
        .catch((error: unknown) => {
          options.onListenError?.(error);
          return async () => {};
        })
    : Promise.resolve(async () => {});

  const find = (id: string): Promise<UserRow | null> => {
    const at = now();
    const kept = entries.get(id);
    if (kept && at - kept.at < ttlMs) return kept.row;
    // Concurrent requests of the same user share one read.
    const row = store.find(id);
    const entry: Entry = { at, row };
    entries.set(id, entry);
    const drop = () => {
      if (entries.get(id) === entry) entries.delete(id);
    };
    // Nobody unknown or failed is kept: the next request reads again.
    row.then((found) => {
      if (!found) drop();
    }, drop);
    return row;
  };

  /** Runs a change to user `id`, then forgets what was kept of them. */
  const changing = async <T>(id: string, change: () => Promise<T>): Promise<T> => {
    try {
      return await change();
    } finally {
      forget(id);
    }
  };

  return {
    ...store,
    find,
    update: (id, changes) => changing(id, () => store.update(id, changes)),
    recordFailedLogin: (id, at) => changing(id, () => store.recordFailedLogin(id, at)),
    clearFailedLogins: (id) => changing(id, () => store.clearFailedLogins(id)),
    async close() {
      entries.clear();
      await (
        await listening
      )();
    },
  };
}
