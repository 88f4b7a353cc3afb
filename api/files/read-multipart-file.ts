/**
 * Reads the one file part of a `multipart/form-data` request as a stream (busboy), handing
 * it to `store` while it arrives: the request body is never held in memory. Other parts
 * are skipped; a request without a part named `file` is a 400, a body that is not
 * multipart a 415.
 *
 * @example
 * ```ts
 * const stored = await readMultipartFile(c.req.raw, (stream, name) => engine.files.upload(stream, { name, actor }));
 * ```
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { ProblemError, problem } from "../problem.js";

/** The form part that carries the file. */
export const FILE_PART = "file";

const badRequest = (message: string) =>
  new ProblemError(
    problem(400, "the upload is invalid", {
      kind: "validation",
      code: "VALIDATION",
      errors: [{ path: FILE_PART, message }],
    }),
  );

export function readMultipartFile<T>(
  request: Request,
  store: (stream: Readable, name: string) => Promise<T>,
): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(
      new ProblemError(
        problem(415, "send the file as multipart/form-data with one part named file", {
          kind: "unsupported-media-type",
        }),
      ),
    );
  }
  if (!request.body) return Promise.reject(badRequest("请选择要上传的文件"));
  const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": type },
        defParamCharset: "utf8",
        limits: { files: 1, fields: 10, parts: 12, fieldSize: 1024, headerPairs: 20 },
      });
    } catch {
      reject(badRequest("上传的内容格式不正确"));
      return;
    }
    let upload: Promise<T> | null = null;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Nothing more of this request is stored; the rest is read and dropped, so that the
      // client still gets the answer rather than a reset connection.
      body.unpipe(parser);
      body.resume();
      reject(error);
    };
    parser.on("file", (name, stream, info) => {
      if (name !== FILE_PART || upload) {
        stream.resume();
        return;
      }
      upload = store(stream, info.filename ?? "");
      upload.then(
        (value) => {
          settled = true;
          resolve(value);
        },
        (error: unknown) => {
          stream.resume();
          fail(error);
        },
      );
    });
    parser.on("error", () => fail(badRequest("上传的内容格式不正确")));
    parser.on("close", () => {
      if (!upload) fail(badRequest("请选择要上传的文件"));
    });
    body.on("error", (error) => fail(error));
    body.pipe(parser);
  });
}
