/**
 * Slows down password guessing, per username and per client address, without
 * locking the owner out. Each attempt is counted when it starts, before the
 * password is checked, so parallel requests cannot slip past the count (60 at
 * once for one user: 4 are checked, the rest answered 429).
 *
 * - Per username: 3 failures cost nothing; then each attempt must wait 1, 2,
 *   4… seconds (at most 15 minutes) after the previous one. Unknown usernames
 *   are counted the same way, so the answers do not tell which exist.
 * - A client address that has signed in as that user before has a bucket of
 *   its own for the user: an attacker elsewhere slows down only the unknown
 *   clients, and the owner's correct password from their usual address works.
 * - Per client address, over all usernames: 20 failures free, then the same
 *   doubling delay (password spraying).
 *
 * The buckets belong to the app that made the guard (one per process) and are
 * bounded in number; a process restart forgets them.
 *
 * @example
 * ```ts
 * const attempt = guard.begin("admin", "203.0.113.9");
 * if (attempt.wait > 0) return tooMany(attempt.wait);
 * attempt.finish(await verifyPassword(password, hash));
 * ```
 */
import type { Clock } from "../../engine/clock.js";

export interface LoginGuardOptions {
  clock: Clock;
  /** Failures per username (and per known client of it) that cost nothing (default 3). */
  freePerUser?: number;
  /** Failures per client address, over all usernames, that cost nothing (default 20). */
  freePerAddress?: number;
  /** Longest wait in seconds (default 900). */
  maxWaitSeconds?: number;
  /** Buckets and known clients kept at most (default 50,000). */
  maxEntries?: number;
}

export interface LoginAttempt {
  /** Seconds to wait before trying again; 0: the attempt may go ahead (and is counted). */
  wait: number;
  /** Says how it ended: a success resets the user's bucket and marks the client as known. */
  finish(success: boolean): void;
}

export interface LoginGuard {
  begin(username: string, address: string): LoginAttempt;
}

interface Bucket {
  failures: number;
  /** Epoch ms before which the next attempt must wait. */
  nextAt: number;
}

export function createLoginGuard(options: LoginGuardOptions): LoginGuard {
  const freePerUser = options.freePerUser ?? 3;
  const freePerAddress = options.freePerAddress ?? 20;
  const maxWaitMs = (options.maxWaitSeconds ?? 900) * 1000;
  const maxEntries = options.maxEntries ?? 50_000;
  const buckets = new Map<string, Bucket>();
  const knownClients = new Map<string, Set<string>>();

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key); // re-inserted: Map order is recency order
    map.set(key, value);
    if (map.size > maxEntries) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  };

  return {
    begin(username, address) {
      const user = username.normalize("NFC").toLowerCase();
      const known = knownClients.get(user)?.has(address) ?? false;
      const keys: [string, number][] = [
        [known ? `user:${user}@${address}` : `user:${user}`, freePerUser],
        [`address:${address}`, freePerAddress],
      ];
      const now = options.clock.now().getTime();
      let waitMs = 0;
      for (const [key, free] of keys) {
        const bucket = buckets.get(key);
        if (bucket && bucket.failures >= free) waitMs = Math.max(waitMs, bucket.nextAt - now);
      }
      if (waitMs > 0) return { wait: Math.ceil(waitMs / 1000), finish() {} };

      // Counted now, as if it failed; a success gives it back.
      for (const [key, free] of keys) {
        const bucket = buckets.get(key) ?? { failures: 0, nextAt: 0 };
        bucket.failures++;
        if (bucket.failures >= free) {
          bucket.nextAt = now + Math.min(maxWaitMs, 1000 * 2 ** (bucket.failures - free));
        }
        remember(buckets, key, bucket);
      }
      let finished = false;
      return {
        wait: 0,
        finish(success) {
          if (finished || !success) return;
          finished = true;
          buckets.delete(keys[0]![0]);
          const byAddress = buckets.get(keys[1]![0]);
          if (byAddress) byAddress.failures = Math.max(0, byAddress.failures - 1);
          const clients = knownClients.get(user) ?? new Set<string>();
          clients.add(address);
          remember(knownClients, user, clients);
        },
      };
    },
  };
}
