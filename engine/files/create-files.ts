/**
 * `engine.files`: upload attachments, read them back, and see which instances reference
 * them. Who may read a file is the caller's decision (the HTTP API: whoever may read a
 * referencing case, or the uploader until one does); the engine only answers the facts.
 *
 * @example
 * ```ts
 * const file = await engine.files.upload(createReadStream("photo.jpg"), { name: "photo.jpg", actor });
 * await engine.tasks.complete(taskId, { outcome: "ACCEPT", data: { afterPhotos: [file.id] } }, actor);
 * const { body } = await engine.files.open(file.id, "thumbnail");
 * ```
 */
import type { Readable } from "node:stream";
import { and, asc, countDistinct, eq, inArray } from "drizzle-orm";
import { NotFoundError } from "../errors.js";
import { isUuid } from "../service/rows.js";
import type { EngineContext } from "../service/context.js";
import { fileReferences, files } from "../store/schema.js";
import type { Actor } from "../types.js";
import { thumbnailKey } from "./file-store.js";
import type { Attachment, FileReference, FileVariant, StoredFile } from "./file-types.js";
import { THUMBNAIL_CONTENT_TYPE } from "./prepare-image.js";
import { toFileReference, toStoredFile, type FileRow } from "./stored-file.js";
import { uploadFile } from "./upload-file.js";

export interface Files {
  /**
   * Stores an upload: size limit (`files.maxBytes`, else `TooLargeError`), type sniffed from
   * the bytes (`ValidationError` for anything but photos, PDF and Office documents), a
   * photo's EXIF stripped and its GPS kept in `metadata`, a thumbnail made. Unreferenced
   * after a day, it is deleted.
   */
  upload(body: Readable, options: { name?: string; actor: Actor }): Promise<StoredFile>;
  /** A finished upload; `NotFoundError` otherwise. */
  get(id: string): Promise<StoredFile>;
  /** The bytes of a finished upload, or of its thumbnail; `NotFoundError` when there are none. */
  open(
    id: string,
    variant?: FileVariant,
  ): Promise<{ file: StoredFile; contentType: string; size: number | null; body: Readable }>;
  /** The instances that reference the file, and at which field. */
  references(id: string): Promise<FileReference[]>;
  /** Every file the instance references, in the order they were attached. */
  ofInstance(instanceId: string): Promise<Attachment[]>;
  /** How many files each instance references (instances without any are left out). */
  countByInstance(instanceIds: string[]): Promise<Map<string, number>>;
}

export function createFiles(ctx: EngineContext): Files {
  const readyRow = async (id: string): Promise<FileRow> => {
    if (!isUuid(id)) throw new NotFoundError("file", id);
    const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
    if (!row || row.status !== "ready") throw new NotFoundError("file", id);
    return row;
  };

  return {
    upload: (body, options) => uploadFile(ctx, body, options),

    async get(id) {
      return toStoredFile(await readyRow(id));
    },

    async open(id, variant = "original") {
      const row = await readyRow(id);
      if (variant === "thumbnail" && !row.thumbnail) throw new NotFoundError("thumbnail", id);
      const store = ctx.files.stores.get(row.store);
      if (!store)
        throw new Error(`file ${id} is in the ${row.store} store, which is not configured`);
      const thumbnail = variant === "thumbnail";
      return {
        file: toStoredFile(row),
        contentType: thumbnail ? THUMBNAIL_CONTENT_TYPE : row.contentType,
        size: thumbnail ? null : row.size,
        body: await store.read(thumbnail ? thumbnailKey(id) : id),
      };
    },

    async references(id) {
      if (!isUuid(id)) return [];
      const rows = await ctx.db
        .select()
        .from(fileReferences)
        .where(eq(fileReferences.fileId, id))
        .orderBy(asc(fileReferences.seq));
      return rows.map(toFileReference);
    },

    async ofInstance(instanceId) {
      if (!isUuid(instanceId)) return [];
      const rows = await ctx.db
        .select({ reference: fileReferences, file: files })
        .from(fileReferences)
        .innerJoin(files, eq(files.id, fileReferences.fileId))
        .where(and(eq(fileReferences.instanceId, instanceId), eq(files.status, "ready")))
        .orderBy(asc(fileReferences.seq));
      return rows.map((row) => ({
        file: toStoredFile(row.file),
        reference: toFileReference(row.reference),
      }));
    },

    async countByInstance(instanceIds) {
      const ids = instanceIds.filter(isUuid);
      if (ids.length === 0) return new Map();
      const rows = await ctx.db
        .select({
          instanceId: fileReferences.instanceId,
          files: countDistinct(fileReferences.fileId),
        })
        .from(fileReferences)
        .where(inArray(fileReferences.instanceId, ids))
        .groupBy(fileReferences.instanceId);
      return new Map(rows.map((row) => [row.instanceId, Number(row.files)]));
    },
  };
}
