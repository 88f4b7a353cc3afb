/**
 * Short-lived signed links to a file's bytes, so that `<img src>` and a PDF viewer work
 * without the bearer token in the page's URLs. A link names the file, the variant and
 * an expiry, signed with an HMAC key derived from the JWT secret (every server process
 * sharing that secret accepts the others' links). Expiries are rounded up to the next
 * `ttlSeconds` boundary, so a page asking twice within a period gets the same URL and
 * the browser's cache serves it.
 *
 * @example
 * ```ts
 * const signer = createFileUrlSigner({ secret, clock, ttlSeconds: 600 });
 * const link = signer.sign("/api", id, "original"); // { url: "/api/files/…?exp=…&sig=…", expiresAt }
 * signer.verify(id, "original", exp, sig);            // "valid" | "expired" | "invalid"
 * ```
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../engine/clock.js";
import type { FileVariant } from "../../engine/files/file-types.js";

export interface SignedLink {
  url: string;
  expiresAt: Date;
}

export type LinkCheck = "valid" | "expired" | "invalid";

export interface FileUrlSigner {
  /** The link to the file's bytes under `apiBase` (`/api`). */
  sign(apiBase: string, fileId: string, variant: FileVariant): SignedLink;
  verify(fileId: string, variant: FileVariant, exp: string, sig: string): LinkCheck;
}

export function createFileUrlSigner(options: {
  secret: string | Uint8Array;
  clock: Clock;
  /** How long a link lasts at least; at most twice that (default 10 minutes). */
  ttlSeconds?: number;
}): FileUrlSigner {
  const ttl = options.ttlSeconds ?? 600;
  const key = createHmac("sha256", options.secret).update("zhiben:file-urls:v1").digest();
  const signature = (fileId: string, variant: FileVariant, exp: number) =>
    createHmac("sha256", key).update(`${variant}\n${fileId}\n${exp}`).digest("base64url");
  const nowSeconds = () => Math.floor(options.clock.now().getTime() / 1000);

  return {
    sign(apiBase, fileId, variant) {
      const exp = (Math.floor(nowSeconds() / ttl) + 2) * ttl;
      const path = `${apiBase}/files/${fileId}${variant === "thumbnail" ? "/thumbnail" : ""}`;
      return {
        url: `${path}?exp=${exp}&sig=${signature(fileId, variant, exp)}`,
        expiresAt: new Date(exp * 1000),
      };
    },
    verify(fileId, variant, exp, sig) {
      if (!/^\d{1,12}$/.test(exp)) return "invalid";
      const expected = Buffer.from(signature(fileId, variant, Number(exp)));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
      return Number(exp) <= nowSeconds() ? "expired" : "valid";
    },
  };
}
