/**
 * An S3-compatible server for tests: s3rver (an npm package implementing the S3 REST API
 * on the local disk), on a free loopback port, with a fresh bucket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export interface S3TestServer {
  /** The `files` URL of a store in the bucket. */
  url: string;
  directory: string;
  close(): Promise<void>;
}

export async function startS3TestServer(bucket = "zhiben-test-files"): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(tmpdir(), "zhiben-s3-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = encodeURIComponent(`http://127.0.0.1:${port}`);
  return {
    url: `s3://S3RVER:S3RVER@${bucket}?endpoint=${endpoint}&region=us-east-1&prefix=files/`,
    directory,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
