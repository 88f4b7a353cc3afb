/**
 * One upload, start to finish: into a temporary file (size limit enforced on the way),
 * its type sniffed from the bytes, a photo made safe to serve (EXIF stripped, GPS kept as
 * metadata, thumbnail made), the bytes written to the file store, the file's row marked
 * ready. The row and its expiry job are written before the bytes: an upload that no
 * instance references within a day (or that never finished) is deleted by the worker.
 *
 * @example
 * ```ts
 * const file = await uploadFile(ctx, request.body, { name: "隐患照片.jpg", actor });
 * ```
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { files, jobs } from "../store/schema.js";
import type { Actor } from "../types.js";
import { FILE_EXPIRY_JOB } from "./expire-upload.js";
import { thumbnailKey } from "./file-store.js";
import { prepareImage, THUMBNAIL_CONTENT_TYPE } from "./prepare-image.js";
import { receiveUpload } from "./receive-upload.js";
import { sniffContentType } from "./sniff-content-type.js";
import { toStoredFile } from "./stored-file.js";
import type { StoredFile } from "./file-types.js";

const ACCEPTED_NAMES = "图片（JPG、PNG、WebP、GIF）、PDF 或 Office 文档（Word、Excel、PowerPoint）";
const RESIZED_IMAGES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

/** The file's own name without any folder, control characters or excess length. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "").trim();
  return clean.slice(0, 200) || "未命名文件";
}

/** The sniffed type of an acceptable upload's first bytes; throws `ValidationError` otherwise. */
function acceptedType(head: Buffer): string {
  if (head.length === 0)
    throw new ValidationError("the file is empty", [{ path: "file", message: "文件是空的" }]);
  const contentType = sniffContentType(head);
  if (!contentType)
    throw new ValidationError("the file's type is not accepted", [
      { path: "file", message: `不支持此文件类型：只能上传${ACCEPTED_NAMES}` },
    ]);
  return contentType;
}

export async function uploadFile(
  ctx: EngineContext,
  body: Readable,
  options: { name?: string; actor: Actor },
): Promise<StoredFile> {
  const { store, maxBytes, keepUnreferencedMs } = ctx.files;
  const received = await receiveUpload(body, { maxBytes, inspect: acceptedType });
  const contentType = received.inspected;
  const id = newId<string>();
  let rowWritten = false;
  try {
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await tx.insert(files).values({
        id,
        name: cleanFileName(options.name),
        contentType,
        size: received.size,
        status: "storing",
        store: store.kind,
        uploadedBy: options.actor.id,
        uploadedAt: now,
      });
      await tx.insert(jobs).values({
        kind: FILE_EXPIRY_JOB,
        instanceId: null,
        payload: { fileId: id },
        dueAt: new Date(now.getTime() + keepUnreferencedMs),
        status: "pending",
        createdAt: now,
      });
    });
    rowWritten = true;
    const image = RESIZED_IMAGES.has(contentType)
      ? await prepareImage(received.path, contentType, `${received.path}.served`)
      : null;
    const size = image?.size ?? received.size;
    await store.write(id, createReadStream(image ? `${received.path}.served` : received.path), {
      size,
      contentType,
    });
    if (image)
      await store.write(thumbnailKey(id), Readable.from([image.thumbnail]), {
        size: image.thumbnail.length,
        contentType: THUMBNAIL_CONTENT_TYPE,
      });
    const [row] = await ctx.db
      .update(files)
      .set({ status: "ready", size, thumbnail: image !== null, metadata: image?.metadata ?? null })
      .where(eq(files.id, id))
      .returning();
    return toStoredFile(row!);
  } catch (error) {
    // What was written goes now; the expiry job would take it in a day otherwise.
    if (rowWritten) {
      await ctx.db
        .transaction(async (raw) => {
          const tx = raw as unknown as Db;
          await tx.delete(files).where(eq(files.id, id));
          await store.remove([id, thumbnailKey(id)], tx);
        })
        .catch(() => undefined);
    }
    throw error;
  } finally {
    await received.discard();
  }
}
