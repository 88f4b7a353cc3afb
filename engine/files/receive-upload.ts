/**
 * Takes an upload off the wire into a temporary file, counting its bytes and keeping its
 * first few kilobytes for sniffing: memory stays flat whatever the file's size, and a file
 * over the limit is cut off as soon as it passes it.
 *
 * @example
 * ```ts
 * const received = await receiveUpload(stream, { maxBytes: 25 * 1024 * 1024 });
 * try { sniffContentType(received.head); } finally { await received.discard(); }
 * ```
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TooLargeError } from "../errors.js";
import { SNIFF_BYTES } from "./sniff-content-type.js";

export interface ReceivedUpload {
  /** The temporary file holding the bytes. */
  path: string;
  size: number;
  /** The first bytes (up to 4 KB). */
  head: Buffer;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/** Megabytes for messages: `25 MB`. */
export function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
}

export async function receiveUpload(
  body: Readable,
  options: { maxBytes: number },
): Promise<ReceivedUpload> {
  const dir = await mkdtemp(path.join(tmpdir(), "zhiben-upload-"));
  const file = path.join(dir, "upload");
  const discard = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) {
        done(
          new TooLargeError(options.maxBytes, [
            { path: "file", message: `文件超过 ${megabytes(options.maxBytes)} 的上限` },
          ]),
        );
        return;
      }
      if (headLength < SNIFF_BYTES) {
        head.push(Buffer.from(chunk.subarray(0, SNIFF_BYTES - headLength)));
        headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, count, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: file, size, head: Buffer.concat(head), discard };
}
