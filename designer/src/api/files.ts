/**
 * Attachments: upload with progress (XMLHttpRequest: fetch reports no upload progress),
 * a file's details and signed links, a case's attachments.
 *
 * @example
 * ```ts
 * const stored = await uploadFile(file, (done) => setProgress(done));
 * const info = await fileInfo(stored.id); // info.thumbnailUrl works in <img>
 * ```
 */
import type { AttachmentJson, FileInfoJson, FileJson } from "../../../api/schemas/file-schemas.js";
import { ApiError } from "./api-error.js";
import { apiUrl, authHeaders, request } from "./http.js";
import { writeSession } from "./session-store.js";

export type { AttachmentJson as Attachment, FileInfoJson as FileInfo, FileJson as StoredFile };

const enc = encodeURIComponent;

/** Sends one file as `multipart/form-data`; `onProgress` gets the fraction sent (0–1). */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<FileJson> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl("/files"));
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = { title: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status === 201) return resolve(body as unknown as FileJson);
      if (xhr.status === 401) writeSession(null);
      reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, { title: "network error" }));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/** A file's details with signed links (they last 10 to 20 minutes). */
export function fileInfo(id: string): Promise<FileInfoJson> {
  return request<FileInfoJson>(`/files/${enc(id)}/info`);
}

/** Every attachment of a case the user may see, oldest first. */
export async function instanceFiles(instanceId: string): Promise<AttachmentJson[]> {
  return (await request<{ items: AttachmentJson[] }>(`/instances/${enc(instanceId)}/files`)).items;
}
