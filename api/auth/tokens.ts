/**
 * Bearer tokens: HS256 JWTs (jose) carrying the user id and the user's token version.
 *
 * @example
 * ```ts
 * const tokens = createTokenService({ secret, ttlSeconds: 3600, clock });
 * const token = await tokens.sign({ userId: "admin", tokenVersion: 0 });
 * const claims = await tokens.verify(token); // null when bad or expired
 * ```
 */
import { SignJWT, jwtVerify } from "jose";
import type { Clock } from "../../engine/clock.js";

export interface TokenClaims {
  userId: string;
  tokenVersion: number;
  /** When the token stops being valid (given by `verify`, ignored by `sign`). */
  expiresAt?: Date;
}

export interface TokenService {
  sign(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<TokenClaims | null>;
}

const ISSUER = "zhiben";

export function createTokenService(options: {
  secret: string | Uint8Array;
  ttlSeconds: number;
  clock: Clock;
}): TokenService {
  const key =
    typeof options.secret === "string" ? new TextEncoder().encode(options.secret) : options.secret;
  if (key.length < 32) throw new TypeError("the JWT secret must be at least 32 bytes long");
  return {
    async sign({ userId, tokenVersion }) {
      const issuedAt = Math.floor(options.clock.now().getTime() / 1000);
      const expiresAt = issuedAt + options.ttlSeconds;
      const token = await new SignJWT({ tv: tokenVersion })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          currentDate: options.clock.now(),
          requiredClaims: ["sub", "exp"],
        });
        if (typeof payload.sub !== "string" || typeof payload.tv !== "number") return null;
        return {
          userId: payload.sub,
          tokenVersion: payload.tv,
          expiresAt: new Date(payload.exp! * 1000),
        };
      } catch {
        return null;
      }
    },
  };
}
