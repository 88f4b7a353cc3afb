/**
 * Makes the copy of an uploaded photo that is served: turned upright by its EXIF
 * orientation, then written without any metadata (EXIF, XMP, IPTC: no device serial, no
 * position left in the bytes anyone downloads), and its thumbnail, generated once here.
 * The GPS position and the time taken are read first and kept on the file's row, where
 * only those who may read the case see them. libvips (sharp) works on the temporary file,
 * never on a whole image in the JavaScript heap.
 *
 * @example
 * ```ts
 * const image = await prepareImage(received.path, "image/jpeg", `${received.path}.served`);
 * // { size, metadata: { gps: { latitude, longitude }, takenAt, width, height }, thumbnail }
 * ```
 */
import { copyFile, stat } from "node:fs/promises";
import exifr from "exifr";
import { ValidationError } from "../errors.js";
import type { FileMetadata } from "./file-types.js";

export interface PreparedImage {
  /** Bytes of the served copy, written at the target path. */
  size: number;
  metadata: FileMetadata;
  /** A WebP of at most 320×320 pixels. */
  thumbnail: Buffer;
}

export const THUMBNAIL_CONTENT_TYPE = "image/webp";
const THUMBNAIL_SIZE = 320;
/** Larger images are refused (a decompression bomb), about 16k × 16k. */
const MAX_PIXELS = 268_402_689;

const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** The position and time the camera wrote, if any; a broken EXIF block is no reason to refuse a photo. */
export async function readExifFacts(source: string): Promise<FileMetadata> {
  const tags = (await exifr
    .parse(source, { gps: true, tiff: true, exif: true, reviveValues: false })
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!tags) return {};
  const facts: FileMetadata = {};
  const latitude = finite(tags.latitude);
  const longitude = finite(tags.longitude);
  if (latitude !== undefined && longitude !== undefined && (latitude !== 0 || longitude !== 0)) {
    const altitude = finite(tags.GPSAltitude);
    facts.gps = { latitude, longitude, ...(altitude !== undefined ? { altitude } : {}) };
  }
  const taken = typeof tags.DateTimeOriginal === "string" ? tags.DateTimeOriginal : undefined;
  const match = taken && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})/.exec(taken);
  if (match) facts.takenAt = `${match[1]}-${match[2]}-${match[3]}T${match[4]}`;
  return facts;
}

export async function prepareImage(
  source: string,
  contentType: string,
  target: string,
): Promise<PreparedImage> {
  const { default: sharp } = await import("sharp");
  const facts = await readExifFacts(source);
  try {
    const options = { limitInputPixels: MAX_PIXELS };
    let size: number;
    let width: number | undefined;
    let height: number | undefined;
    if (contentType === "image/gif") {
      // GIF carries no EXIF; re-encoding would lose the animation. Served as uploaded.
      await copyFile(source, target);
      size = (await stat(target)).size;
      ({ width, height } = await sharp(source, options).metadata());
    } else {
      const upright = sharp(source, options).rotate();
      const encoded =
        contentType === "image/png"
          ? upright.png()
          : contentType === "image/webp"
            ? upright.webp({ quality: 90 })
            : upright.jpeg({ quality: 90 });
      ({ size, width, height } = await encoded.toFile(target));
    }
    const thumbnail = await sharp(target, options)
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { size, thumbnail, metadata: { ...facts, width, height } };
  } catch {
    throw new ValidationError("the image cannot be read", [
      { path: "file", message: "图片已损坏或无法读取，请重新拍摄或选择其他图片" },
    ]);
  }
}
