/**
 * An S3-compatible file store (AWS S3, MinIO, Ceph, OSS/COS in S3 mode):
 * `s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1&prefix=zhiben/`.
 * Credentials come from the URL (`s3://KEY:SECRET@bucket?…`) or, without them, from the
 * AWS SDK's usual sources (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, profiles…).
 * With an `endpoint`, requests use path-style addressing unless `forcePathStyle=false`,
 * and checksums only where S3 requires them (what most S3-compatible servers accept).
 * The SDK is loaded only when such a store is opened.
 */
import type { Readable } from "node:stream";
import type { FileStore, FileStoreDriver } from "../file-store.js";

export interface S3Location {
  bucket: string;
  prefix: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/** Reads the `s3://` URL; throws `TypeError` on one without a bucket. */
export function parseS3Url(url: string): S3Location {
  const parsed = new URL(url);
  const bucket = decodeURIComponent(parsed.hostname);
  if (!bucket) throw new TypeError(`an s3:// files URL names a bucket: s3://bucket?endpoint=…`);
  const query = parsed.searchParams;
  const endpoint = query.get("endpoint") ?? undefined;
  const user = decodeURIComponent(parsed.username);
  return {
    bucket,
    prefix: query.get("prefix") ?? "",
    endpoint,
    region: query.get("region") ?? process.env.AWS_REGION ?? "us-east-1",
    forcePathStyle: (query.get("forcePathStyle") ?? String(endpoint !== undefined)) === "true",
    credentials: user
      ? { accessKeyId: user, secretAccessKey: decodeURIComponent(parsed.password) }
      : undefined,
  };
}

export const s3StoreDriver: FileStoreDriver = {
  accepts: (url) => url.startsWith("s3://"),
  async open(url) {
    const location = parseS3Url(url);
    const s3 = await import("@aws-sdk/client-s3");
    const client = new s3.S3Client({
      region: location.region,
      forcePathStyle: location.forcePathStyle,
      // Many S3-compatible servers do not take the SDK's newer aws-chunked uploads with
      // trailing checksums; against an endpoint of one's own, checksums only where S3 requires them.
      ...(location.endpoint
        ? {
            endpoint: location.endpoint,
            requestChecksumCalculation: "WHEN_REQUIRED" as const,
            responseChecksumValidation: "WHEN_REQUIRED" as const,
          }
        : {}),
      ...(location.credentials ? { credentials: location.credentials } : {}),
    });
    const objectKey = (key: string) => `${location.prefix}${key}`;
    const store: FileStore = {
      kind: "s3",
      async write(key, body, info) {
        await client.send(
          new s3.PutObjectCommand({
            Bucket: location.bucket,
            Key: objectKey(key),
            Body: body,
            ContentLength: info.size,
            ContentType: info.contentType,
          }),
        );
      },
      async read(key) {
        const answer = await client.send(
          new s3.GetObjectCommand({ Bucket: location.bucket, Key: objectKey(key) }),
        );
        return answer.Body as Readable;
      },
      async remove(keys) {
        await Promise.all(
          keys.map((key) =>
            client.send(
              new s3.DeleteObjectCommand({ Bucket: location.bucket, Key: objectKey(key) }),
            ),
          ),
        );
      },
      async close() {
        client.destroy();
      },
    };
    return store;
  },
};
