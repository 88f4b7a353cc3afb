/**
 * Takes an upload off the wire into a temporary file, counting its bytes and keeping its
 * first few kilobytes for sniffing: memory stays flat whatever the file's size, and a file
 * over the limit is cut off as soon as it passes it.
 *
 * @example
 * ```ts
 * const received = await receiveUpload(stream, { maxBytes: 25 << 20, inspect: sniffContentType });
 * try { console.log(received.inspected, received.size); } finally { await received.discard(); }
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

export interface ReceivedUpload<T> {
  /** The temporary file holding the bytes. */
  path: string;
  size: number;
  /** What `inspect` made of the first bytes. */
  inspected: T;
  /** Removes the temporary file. */
  discard(): Promise<void>;
}

/** Megabytes for messages: `25 MB`. */
export function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
}

/**
 * `inspect` gets the first 4 KB (or the whole of a smaller file) as soon as they have
 * arrived; when it throws, the upload stops there.
 */
export async function receiveUpload<T>(
  body: Readable,
  options: { maxBytes: number; inspect(head: Buffer): T },
): Promise<ReceivedUpload<T>> {
  const dir = await mkdtemp(path.join(tmpdir(), "zhiben-upload-"));
  const file = path.join(dir, "upload");
  const discard = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  let inspected: { value: T } | null = null;
  const inspectHead = () => {
    inspected ??= { value: options.inspect(Buffer.concat(head)) };
  };
  const count = new Transform({
    flush(done) {
      try {
        inspectHead();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
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
        if (headLength >= SNIFF_BYTES) {
          try {
            inspectHead();
          } catch (error) {
            done(error as Error);
            return;
          }
        }
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
  return { path: file, size, inspected: inspected!.value, discard };
}
