/**
 * Channel secrets at rest: AES-256-GCM under a key from the environment
 * (`ZHIBEN_SECRET_KEY`: 32 bytes as 64 hex digits or base64, or any passphrase, which
 * is hashed to 32 bytes). Without it a fixed development key serves, and only when
 * `NODE_ENV` is not `production`: there, storing a secret is refused instead.
 *
 * @example
 * ```ts
 * const box = createSecretBox(process.env.ZHIBEN_SECRET_KEY);
 * const stored = box.seal("SECabc"); // "v1.<iv>.<tag>.<cipher>"
 * box.open(stored); // "SECabc"
 * ```
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { UnavailableError } from "../errors.js";

export interface SecretBox {
  /** Whether secrets can be stored (a key was given, or this is not production). */
  readonly ready: boolean;
  seal(plain: string): string;
  open(sealed: string): string;
}

const DEV_KEY = "zhiben-development-only-secret-key";

function keyBytes(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  const decoded = Buffer.from(text, "base64");
  if (decoded.length === 32 && /^[A-Za-z0-9+/]{43}=?$/.test(text)) return decoded;
  return createHash("sha256").update(text, "utf8").digest();
}

export function createSecretBox(
  key: string | undefined = process.env.ZHIBEN_SECRET_KEY,
  production = process.env.NODE_ENV === "production",
): SecretBox {
  const given = key !== undefined && key !== "";
  const ready = given || !production;
  const bytes = keyBytes(given ? key : DEV_KEY);
  const refuse = () =>
    new UnavailableError("ZHIBEN_SECRET_KEY is not set: channel secrets cannot be stored");
  return {
    ready,
    seal(plain) {
      if (!ready) throw refuse();
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", bytes, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return `v1.${parts.join(".")}`;
    },
    open(sealed) {
      if (!ready) throw refuse();
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined)
        throw new Error("not a sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", bytes, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(body, "base64url")),
        decipher.final(),
      ]);
      return plain.toString("utf8");
    },
  };
}
