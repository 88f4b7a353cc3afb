/**
 * Per-key rate limiting (a token bucket per user): a burst of `burst` calls,
 * then `perMinute` more each minute. Past it the route answers 429 with
 * `Retry-After`. The buckets belong to the app that made the limiter; at most
 * `maxKeys` are kept (the least recently used go first, which only forgives).
 *
 * @example
 * ```ts
 * const limit = rateLimit({ burst: 30, perMinute: 60, clock: engine.clock });
 * router.openapi(createRoute({ ..., middleware: [limit] }), handler);
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../engine/clock.js";
import type { AppEnv } from "./app-env.js";
import { ProblemError, problem } from "./problem.js";

export interface RateLimitOptions {
  burst: number;
  perMinute: number;
  clock: Clock;
  /** Buckets kept at most (default 10,000). */
  maxKeys?: number;
  /** Whose bucket a request takes from; default the signed-in user. */
  keyOf?: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Seconds until the key may call again (0: it may now, and the call is counted). */
export function createTokenBuckets(options: Omit<RateLimitOptions, "keyOf">) {
  const buckets = new Map<string, Bucket>();
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = options.perMinute / 60_000;
  return function take(key: string): number {
    const now = options.clock.now().getTime();
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
    buckets.delete(key); // re-inserted below: Map order is recency order
    bucket.tokens = Math.min(options.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    let wait = 0;
    if (bucket.tokens >= 1) bucket.tokens -= 1;
    else wait = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) {
      const oldest = buckets.keys().next();
      if (!oldest.done) buckets.delete(oldest.value);
    }
    return wait;
  };
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const take = createTokenBuckets(options);
  const keyOf = options.keyOf ?? ((c) => c.get("user").id);
  return async (c, next) => {
    const wait = take(keyOf(c));
    if (wait > 0) {
      throw new ProblemError(
        problem(429, "too many requests; try again later", {
          kind: "rate-limited",
          code: "RATE_LIMITED",
        }),
        { "Retry-After": String(wait) },
      );
    }
    await next();
  };
}
