/**
 * Rows of `files` and `file_references` → the records `engine.files` returns.
 *
 * @example
 * ```ts
 * const [row] = await db.select().from(files).where(eq(files.id, id));
 * return toStoredFile(row);
 * ```
 */
import type { fileReferences, files } from "../store/schema.js";
import type { FileMetadata, FileReference, StoredFile } from "./file-types.js";

export type FileRow = typeof files.$inferSelect;
export type FileReferenceRow = typeof fileReferences.$inferSelect;

export function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    hasThumbnail: row.thumbnail,
    metadata: (row.metadata as FileMetadata | null) ?? null,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
  };
}

export function toFileReference(row: FileReferenceRow): FileReference {
  return {
    fileId: row.fileId,
    instanceId: row.instanceId,
    path: row.path,
    taskId: row.taskId,
    stateKey: row.stateKey,
    referencedBy: row.referencedBy,
    referencedAt: row.referencedAt,
  };
}
