/**
 * The records of attachments that the embedding API returns (`engine.files`).
 *
 * @example
 * ```ts
 * const file: StoredFile = await engine.files.get(id);
 * if (file.metadata?.gps) console.log(file.metadata.gps.latitude, file.metadata.gps.longitude);
 * ```
 */

/** What was kept of an image before its EXIF was stripped. */
export interface FileMetadata {
  /** Where the photo was taken (WGS 84, as the camera wrote it). */
  gps?: { latitude: number; longitude: number; altitude?: number };
  /** When the camera says it was taken: its local time, `YYYY-MM-DDTHH:mm:ss`, no zone. */
  takenAt?: string;
  width?: number;
  height?: number;
}

export interface StoredFile {
  id: string;
  name: string;
  /** Sniffed from the bytes at upload. */
  contentType: string;
  /** Bytes as served. */
  size: number;
  /** Whether a thumbnail can be read (`engine.files.open(id, "thumbnail")`). */
  hasThumbnail: boolean;
  metadata: FileMetadata | null;
  uploadedBy: string;
  uploadedAt: Date;
}

/** An instance's reference to a file: made by the start or the task completion whose data named it. */
export interface FileReference {
  fileId: string;
  instanceId: string;
  /** Dotted field names from the data's root (`hazardPhotos`); the first is the variable. */
  path: string;
  taskId: string | null;
  stateKey: string | null;
  referencedBy: string;
  referencedAt: Date;
}

/** A file of an instance with the reference that attached it. */
export interface Attachment {
  file: StoredFile;
  reference: FileReference;
}

/** Which bytes of a file: as uploaded (EXIF stripped) or its thumbnail. */
export type FileVariant = "original" | "thumbnail";
