/**
 * Tokens already verified, kept in memory per process: checking a token's
 * HMAC (WebCrypto, through jose) was the largest cost of the API's own in a
 * CPU profile of task completions under load. A token is a fixed string whose
 * signature never changes, so once verified its claims are kept until the
 * token expires (by the engine's clock, checked on every use), for at most
 * `keepMs` of real time. Revocation is unaffected: it is the token version,
 * compared with the user's on every request (authenticate.ts).
 *
 * @example
 * ```ts
 * const tokens = cacheVerifiedTokens(createTokenService({ secret, ttlSeconds, clock }), { clock });
 * await tokens.verify(token); // verified once, then from memory
 * ```
 */
import type { Clock } from "../../engine/clock.js";
import type { TokenClaims, TokenService } from "./tokens.js";

export interface TokenCacheOptions {
  clock: Clock;
  /** Tokens kept at most (the oldest kept is dropped first; default 10,000). */
  maxEntries?: number;
  /** Real time a verification is kept at most (default 10 minutes). */
  keepMs?: number;
  /** Milliseconds of a monotonic clock (default `performance.now`). */
  now?: () => number;
}

interface Kept {
  claims: TokenClaims;
  /** The token's expiry, by the engine's clock. */
  expiresAt: number;
  /** When the verification stops being kept, by `now`. */
  until: number;
}

export function cacheVerifiedTokens(
  service: TokenService,
  options: TokenCacheOptions,
): TokenService {
  const maxEntries = options.maxEntries ?? 10_000;
  const keepMs = options.keepMs ?? 10 * 60_000;
  const now = options.now ?? (() => performance.now());
  const kept = new Map<string, Kept>();
  return {
    sign: (claims) => service.sign(claims),
    async verify(token) {
      const found = kept.get(token);
      if (found) {
        if (found.expiresAt > options.clock.now().getTime() && found.until > now())
          return found.claims;
        kept.delete(token);
      }
      const claims = await service.verify(token);
      if (claims?.expiresAt) {
        if (kept.size >= maxEntries) kept.delete(kept.keys().next().value!);
        kept.set(token, { claims, expiresAt: claims.expiresAt.getTime(), until: now() + keepMs });
      }
      return claims;
    },
  };
}
