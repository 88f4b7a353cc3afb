/**
 * What a file is, from its first bytes (magic numbers), never from its name: an `.exe`
 * renamed `.jpg` is still a program, and is refused. Only types a case file needs are
 * known: photos (JPEG, PNG, WebP, GIF), PDF and Office documents (Word, Excel, PowerPoint).
 *
 * @example
 * ```ts
 * sniffContentType(firstBytes, "整改方案.pdf"); // "application/pdf", or null when refused
 * ```
 */

/** How many leading bytes `sniffContentType` looks at. */
export const SNIFF_BYTES = 4096;

/** The types an upload may have; anything else is refused. */
export const ACCEPTED_CONTENT_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
] as const;

const OFFICE_BY_FOLDER: [string, string][] = [
  ["word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
];

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0): boolean =>
  bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The sniffed content type, or null when the bytes are of no accepted type. */
export function sniffContentType(head: Uint8Array): string | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return officeType(head);
  return null;
}

/**
 * A ZIP is an Office document when its first entries (whose names stand in plain text in
 * the local headers) include `[Content_Types].xml` and the folder of one kind of document.
 */
function officeType(head: Uint8Array): string | null {
  const text = new TextDecoder("latin1").decode(head);
  if (!text.includes("[Content_Types].xml")) return null;
  return OFFICE_BY_FOLDER.find(([folder]) => text.includes(folder))?.[1] ?? null;
}

/** Whether `contentType` matches one of the patterns (`image/*`, `application/pdf`); no patterns: any. */
export function matchesAccept(contentType: string, accept: readonly string[] | undefined): boolean {
  if (!accept || accept.length === 0) return true;
  return accept.some((pattern) => {
    const wanted = pattern.trim().toLowerCase();
    if (wanted.endsWith("/*")) return contentType.startsWith(wanted.slice(0, -1));
    return contentType === wanted;
  });
}

/** Short Chinese names of the accepted types, for messages (`图片、PDF`). */
export function describeAccept(accept: readonly string[]): string {
  const names: Record<string, string> = {
    "image/*": "图片",
    "image/jpeg": "JPG 图片",
    "image/png": "PNG 图片",
    "application/pdf": "PDF",
  };
  return accept.map((a) => names[a] ?? a).join("、");
}
