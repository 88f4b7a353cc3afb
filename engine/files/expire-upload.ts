/**
 * The job that deletes an upload nobody used: due a day (`files.keepUnreferencedMs`)
 * after the upload, it removes the file's row and bytes unless an instance references it
 * by then. The file's row is locked first, as `attachFiles` locks it, so a task completed
 * at the same moment either sees the file and keeps it, or finds it gone.
 *
 * @example
 * ```ts
 * jobHandlers.set(FILE_EXPIRY_JOB, expireUpload);
 * ```
 */
import { eq } from "drizzle-orm";
import type { JobHandler } from "../scheduler/handlers.js";
import { fileReferences, files } from "../store/schema.js";
import { thumbnailKey } from "./file-store.js";

export const FILE_EXPIRY_JOB = "file-expiry";

export const expireUpload: JobHandler = async (tx, ctx, job) => {
  const { fileId } = job.payload as { fileId: string };
  const [file] = await tx
    .select({ id: files.id, store: files.store })
    .from(files)
    .where(eq(files.id, fileId))
    .for("update");
  if (!file) return;
  const [referenced] = await tx
    .select({ fileId: fileReferences.fileId })
    .from(fileReferences)
    .where(eq(fileReferences.fileId, fileId))
    .limit(1);
  if (referenced) return;
  const store = ctx.files.stores.get(file.store);
  if (!store)
    throw new Error(`file ${fileId} is in the ${file.store} store, which is not configured`);
  await store.remove([fileId, thumbnailKey(fileId)], tx);
  await tx.delete(files).where(eq(files.id, fileId));
};
