/**
 * Zod schemas of attachments as the API returns them: the upload's answer, a file with
 * its signed links, and a file as attached to a case.
 */
import { z } from "@hono/zod-openapi";

const DateTime = z.string().openapi({ format: "date-time" });

/** The answer to `POST /api/files` (the contract of issue 17). */
export const FileSchema = z
  .object({
    id: z.string().openapi({ description: "Put this id in a form field with `format: x-file`" }),
    name: z.string(),
    size: z.number().int().openapi({ description: "Bytes as served (a photo's without its EXIF)" }),
    contentType: z.string().openapi({ description: "Sniffed from the bytes" }),
  })
  .openapi("File");

export const GpsSchema = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    altitude: z.number().optional(),
  })
  .openapi("Gps", { description: "Where the photo was taken, from its EXIF (WGS 84)" });

export const FileInfoSchema = FileSchema.extend({
  uploadedBy: z.string(),
  uploadedAt: DateTime,
  gps: GpsSchema.nullable(),
  takenAt: z.string().nullable().openapi({ description: "The camera's local time, no zone" }),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string().openapi({ description: "The bytes, for `<img>` or a link: no token needed" }),
  thumbnailUrl: z.string().nullable(),
  expiresAt: DateTime.openapi({ description: "When `url` and `thumbnailUrl` stop working" }),
}).openapi("FileInfo");

export const AttachmentSchema = FileInfoSchema.extend({
  instanceId: z.string(),
  /** The field that holds it (`photos`) and its title. */
  field: z.string(),
  fieldTitle: z.string().nullable(),
  taskId: z.string().nullable(),
  stateKey: z.string().nullable(),
  stateLabel: z.string().nullable(),
  referencedBy: z.string(),
  referencedAt: DateTime,
}).openapi("Attachment");

export type FileJson = z.infer<typeof FileSchema>;
export type FileInfoJson = z.infer<typeof FileInfoSchema>;
export type AttachmentJson = z.infer<typeof AttachmentSchema>;
