/**
 * The state of an attachment field: the files it holds (by id) and those still uploading,
 * with their progress or the reason the server refused them. Files chosen together are
 * sent one after another and added to the field's value in the order they were chosen.
 *
 * @example
 * ```ts
 * const { pending, upload, remove } = useFileUploads({ ids, max: 9, onChange });
 * <input type="file" onChange={(e) => upload([...e.target.files!])} />
 * ```
 */
import { useRef, useState } from "react";
import { ApiError, describeError } from "../api/api-error.js";
import { uploadFile } from "../api/files.js";

export interface PendingUpload {
  key: string;
  name: string;
  /** 0–1 while sending; null once failed. */
  progress: number | null;
  error: string | null;
}

function refusal(error: unknown): string {
  if (error instanceof ApiError && error.problems[0]) return error.problems[0].message;
  return describeError(error);
}

export function useFileUploads(options: {
  ids: string[];
  max: number;
  onChange(ids: string[]): void;
}) {
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const latest = useRef(options);
  latest.current = options;
  // Ids added since the last render, so that two uploads finishing together both count.
  const added = useRef<string[]>([]);
  if (added.current.every((id) => options.ids.includes(id))) added.current = [];

  const update = (key: string, change: Partial<PendingUpload> | null) =>
    setPending((list) =>
      change === null
        ? list.filter((p) => p.key !== key)
        : list.map((p) => (p.key === key ? { ...p, ...change } : p)),
    );

  const send = (key: string, file: File) =>
    uploadFile(file, (progress) => update(key, { progress })).then(
      (stored) => {
        update(key, null);
        const current = latest.current;
        const next = [...new Set([...current.ids, ...added.current, stored.id])];
        added.current = [...added.current, stored.id];
        current.onChange(next);
      },
      (error: unknown) => update(key, { progress: null, error: refusal(error) }),
    );

  /** Sends the files one after another, so that they keep the order they were chosen in. */
  const upload = (files: File[]) => {
    const room = options.max - options.ids.length - pending.filter((p) => !p.error).length;
    const queued = files.map((file, index) => ({
      key: `${Date.now()}-${index}-${file.name}`,
      file,
      refused: index >= room,
    }));
    setPending((list) => [
      ...list,
      ...queued.map(({ key, file, refused }) => ({
        key,
        name: file.name,
        progress: refused ? null : 0,
        error: refused ? `最多上传 ${options.max} 个文件` : null,
      })),
    ]);
    void queued
      .filter((q) => !q.refused)
      .reduce((previous, q) => previous.then(() => send(q.key, q.file)), Promise.resolve());
  };

  const remove = (id: string) => {
    added.current = added.current.filter((a) => a !== id);
    latest.current.onChange(latest.current.ids.filter((known) => known !== id));
  };
  const dismiss = (key: string) => update(key, null);

  return { pending, upload, remove, dismiss };
}
