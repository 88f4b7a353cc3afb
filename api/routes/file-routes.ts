/**
 * `/files`: upload an attachment (streamed multipart), read it back (bearer token, or a
 * short-lived signed link for `<img>`), its details with signed links; and
 * `/instances/{id}/files`, every attachment of a case the caller may see.
 */
import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { FileVariant } from "../../engine/files/file-types.js";
import type { ApiDeps } from "../api-deps.js";
import { actorOf, type AppEnv } from "../app-env.js";
import { readMultipartFile } from "../files/read-multipart-file.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import {
  Security,
  UuidParamSchema,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import { AttachmentSchema, FileInfoSchema, FileSchema } from "../schemas/file-schemas.js";
import { readableInstance } from "./instance-routes.js";

const tags = ["files"];

const SignedQuerySchema = z.object({
  exp: z.string().max(20).optional().openapi({ description: "A signed link's expiry" }),
  sig: z.string().max(100).optional().openapi({ description: "A signed link's signature" }),
});

const bytes = (description: string) => ({
  description,
  content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
});

/** A token, or the signature of a link from `/files/{id}/info` or `/instances/{id}/files`. */
const TokenOrSignedLink: Record<string, string[]>[] = [{ bearerAuth: [] }, {}];

const downloadRoute = (variant: FileVariant) =>
  createRoute({
    method: "get",
    path: variant === "thumbnail" ? "/files/{id}/thumbnail" : "/files/{id}",
    tags,
    summary:
      variant === "thumbnail"
        ? "A photo's thumbnail (WebP, at most 320×320), made once at upload"
        : "The file's bytes (a photo's without its EXIF) to whoever may read a case that references it, or its uploader until one does",
    security: TokenOrSignedLink,
    request: { params: UuidParamSchema, query: SignedQuerySchema },
    responses: {
      200: bytes("The bytes, with caching headers"),
      304: { description: "Not modified (If-None-Match)" },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  });

const infoRoute = createRoute({
  method: "get",
  path: "/files/{id}/info",
  tags,
  summary: "A file's details, GPS position and signed links to its bytes and thumbnail",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(FileInfoSchema, "The file"),
    ...problemResponses(400, 401, 404, 503),
  },
});

const instanceFilesRoute = createRoute({
  method: "get",
  path: "/instances/{id}/files",
  tags,
  summary: "Every attachment of the case the caller may see, in the order they were attached",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(AttachmentSchema) }), "The attachments"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

const notFound = () =>
  new ProblemError(problem(404, "no such file", { kind: "not-found", code: "NOT_FOUND" }));

/** `/api` (or wherever the API is mounted): the request's path less the route's own part. */
const apiBase = (c: Context, routePart: RegExp) => c.req.path.replace(routePart, "");

/** `Content-Disposition` with the file's name, for browsers old and new. */
export function contentDisposition(name: string, contentType: string): string {
  const inline = contentType.startsWith("image/") || contentType === "application/pdf";
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function fileRoutes({ engine, files }: ApiDeps) {
  const router = createRouter();

  router.openAPIRegistry.registerPath({
    method: "post",
    path: "/files",
    tags,
    summary:
      "Upload an attachment (multipart/form-data, one part `file`), streamed; its type is sniffed from the bytes",
    description:
      "The answer's `id` goes into a form field with `format: x-file`. Photos keep their GPS position as metadata and are served without EXIF. An upload no case references within a day is deleted. This route ignores `Idempotency-Key`.",
    security: Security,
    request: {
      body: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: z.object({ file: z.string().openapi({ format: "binary" }) }),
          },
        },
      },
    },
    responses: {
      201: jsonResponse(FileSchema, "The stored file"),
      ...problemResponses(400, 401, 413, 415, 503),
    },
  });
  router.post("/files", async (c) => {
    const actor = actorOf(c.get("user"));
    const stored = await readMultipartFile(c.req.raw, (stream, name) =>
      engine.files.upload(stream, { name, actor }),
    );
    return c.json(files.views.file(stored), 201);
  });

  const serve = async (
    c: Context<AppEnv>,
    id: string,
    signed: { exp?: string | undefined; sig?: string | undefined },
    variant: FileVariant,
  ) => {
    if (signed.exp !== undefined || signed.sig !== undefined) {
      const check = files.signer.verify(id, variant, signed.exp ?? "", signed.sig ?? "");
      if (check === "expired")
        throw new ProblemError(problem(403, "the link has expired", { kind: "link-expired" }));
      if (check === "invalid") throw notFound();
    } else if (!(await files.access.readable(actorOf(c.get("user")), id))) {
      throw notFound();
    }
    const tag = `"${id}${variant === "thumbnail" ? "-thumbnail" : ""}"`;
    // An id's bytes never change: any copy a browser kept is good for ever.
    const caching = { ETag: tag, "Cache-Control": "private, max-age=31536000, immutable" };
    if (c.req.header("If-None-Match") === tag) return c.body(null, 304, caching);
    const opened = await engine.files.open(id, variant).catch(() => {
      throw notFound();
    });
    const headers: Record<string, string> = {
      ...caching,
      "Content-Type": opened.contentType,
      "Content-Disposition": contentDisposition(opened.file.name, opened.contentType),
    };
    if (opened.size !== null) headers["Content-Length"] = String(opened.size);
    return c.body(Readable.toWeb(opened.body) as ReadableStream, 200, headers);
  };

  router.openapi(downloadRoute("original"), (c) =>
    serve(c, c.req.valid("param").id, c.req.valid("query"), "original"),
  );
  router.openapi(downloadRoute("thumbnail"), (c) =>
    serve(c, c.req.valid("param").id, c.req.valid("query"), "thumbnail"),
  );

  router.openapi(infoRoute, async (c) => {
    const file = await files.access.readable(actorOf(c.get("user")), c.req.valid("param").id);
    if (!file) throw notFound();
    return c.json(files.views.info(file, apiBase(c, /\/files\/[^/]+\/info$/)), 200);
  });

  router.openapi(instanceFilesRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await readableInstance(engine, actor, c.req.valid("param").id);
    const attachments = await files.access.visibleAttachments(actor, instance);
    const base = apiBase(c, /\/instances\/[^/]+\/files$/);
    return c.json({ items: await files.views.attachments(attachments, instance, base) }, 200);
  });

  return router;
}
