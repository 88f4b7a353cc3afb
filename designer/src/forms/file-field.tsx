/**
 * The widget of an attachment field (`"format": "x-file"`, or a list of them): take a
 * photo with the phone's camera or choose files, each sent at once with its progress,
 * thumbnails of what the field holds, and a viewer. With `x-compareWith`, the files of
 * that variable (the hazard's photos) are shown beside the upload (the photos after the fix).
 */
import { createContext, useContext } from "react";
import type { JsonSchema } from "../api/types.js";
import { fileFieldRule, isFileListSchema } from "../../../engine/files/file-fields.js";
import { FileList, FileThumbs } from "./file-thumbs.js";
import { useFileInfos } from "./use-file-infos.js";
import { useFileUploads } from "./use-file-uploads.js";

/** The case's variables and its fields by name, for fields that show another variable's files beside them. */
export const FormVarsContext = createContext<{
  vars: Record<string, unknown>;
  fields: Map<string, JsonSchema>;
}>({ vars: {}, fields: new Map() });

const idsOf = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === "string")
      : [];

export function FileField({
  id,
  label,
  schema,
  value,
  onChange,
  disabled,
  describedBy,
}: {
  id: string;
  label: string;
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  disabled: boolean | undefined;
  describedBy: string | undefined;
}) {
  const list = isFileListSchema(schema);
  const { accept, maxItems } = fileFieldRule(schema);
  const ids = idsOf(value);
  const infos = useFileInfos(ids);
  const uploads = useFileUploads({
    ids,
    max: maxItems,
    onChange: (next) =>
      onChange(list ? (next.length > 0 ? next : undefined) : next[next.length - 1]),
  });
  const context = useContext(FormVarsContext);
  const compareWith = typeof schema["x-compareWith"] === "string" ? schema["x-compareWith"] : null;
  const compareIds = compareWith ? idsOf(context.vars[compareWith]) : [];
  const compareTitle = compareWith ? (context.fields.get(compareWith)?.title ?? compareWith) : "";
  const photos = !accept || accept.some((a) => a.startsWith("image/"));
  const full = ids.length >= maxItems;
  const pick = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = "";
    if (files.length > 0) uploads.upload(list ? files : files.slice(0, 1));
  };

  const upload = (
    <div className="file-upload">
      <FileThumbs
        ids={ids}
        infos={infos}
        label={label}
        onRemove={uploads.remove}
        disabled={disabled}
      />
      {uploads.pending.length > 0 && (
        <ul className="file-pending" aria-live="polite">
          {uploads.pending.map((p) => (
            <li key={p.key} className={p.error ? "has-error" : undefined}>
              <span className="file-thumb-name">{p.name}</span>
              {p.error ? (
                <>
                  <span className="field-error" role="alert">
                    {p.error}
                  </span>
                  <button
                    type="button"
                    className="btn small ghost"
                    onClick={() => uploads.dismiss(p.key)}
                  >
                    知道了
                  </button>
                </>
              ) : (
                <>
                  <progress max={1} value={p.progress ?? 0} aria-label={`${p.name} 上传进度`} />
                  <span className="muted">{Math.round((p.progress ?? 0) * 100)}%</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {!full && (
        <div className="file-actions">
          {photos && (
            <label className="btn small">
              拍照
              <input
                className="file-input"
                type="file"
                accept="image/*"
                capture="environment"
                disabled={disabled}
                onChange={(e) => pick(e.currentTarget)}
              />
            </label>
          )}
          <label className="btn small">
            {photos ? "从相册或文件选择" : "选择文件"}
            <input
              id={id}
              className="file-input"
              type="file"
              accept={accept?.join(",")}
              multiple={list}
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(e) => pick(e.currentTarget)}
            />
          </label>
          {Number.isFinite(maxItems) && <span className="muted">最多 {maxItems} 个</span>}
        </div>
      )}
    </div>
  );
  if (compareIds.length === 0) return upload;
  return (
    <div className="file-compare">
      <section aria-label={`对照：${compareTitle}`}>
        <h4>对照：{compareTitle}</h4>
        <FileList ids={compareIds} label={compareTitle} />
      </section>
      <section aria-label={label}>
        <h4>{label}</h4>
        {upload}
      </section>
    </div>
  );
}
