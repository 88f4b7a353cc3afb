/**
 * Values under the titles their form gives them, attachments as thumbnails. A value
 * without a title is an internal variable: only process admins see it (key and value as code).
 */
import { Link } from "react-router";
import type { InstanceRef, JsonSchema } from "../api/types.js";
import { isFileListSchema, isFileSchema } from "../../../engine/files/file-fields.js";
import { FileList } from "../forms/file-thumbs.js";
import { displayValue } from "../forms/schema-values.js";

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/** The names to show, in the schema's order, then (for admins) the untitled ones. */
export function shownFields(
  values: Record<string, unknown>,
  fields: Map<string, JsonSchema>,
  admin: boolean,
): string[] {
  const titled = [...fields.keys()].filter((n) => fields.get(n)?.title && present(values[n]));
  const untitled = admin
    ? Object.keys(values).filter((n) => !titled.includes(n) && present(values[n]))
    : [];
  return [...titled, ...untitled];
}

export function FieldValues({
  values,
  fields,
  admin,
  label,
  names,
  related,
}: {
  values: Record<string, unknown>;
  fields: Map<string, JsonSchema>;
  admin: boolean;
  label?: string;
  /** Cases related to this one: a value holding one's id shows its title, linked. */
  related?: InstanceRef[];
  /** Replaces a stored id with what it names (x-ref fields): field → text. */
  names?: Map<string, string>;
}) {
  const shown = shownFields(values, fields, admin);
  if (shown.length === 0) return <p className="muted">暂无信息</p>;
  return (
    <dl className="facts" aria-label={label}>
      {shown.map((name) => {
        const field = fields.get(name);
        const title = field?.title ?? name;
        const value = values[name];
        const files = field && (isFileSchema(field) || isFileListSchema(field));
        return (
          <div key={name}>
            <dt>{field?.title ?? <code>{name}</code>}</dt>
            <dd data-field={name}>
              {files ? (
                <FileList ids={[value].flat().filter((v) => typeof v === "string")} label={title} />
              ) : relatedCase(related, value) ? (
                <CaseLink related={relatedCase(related, value)!} />
              ) : related && isCaseId(value) ? (
                // A case this one came from that the reader may not open: no bare id.
                <span className="muted">其他案件（无权查看）</span>
              ) : field?.title ? (
                (names?.get(name) ?? displayValue(field, value))
              ) : (
                // An internal variable (admins only): its key and value as they are stored.
                <code>{displayValue(field, value)}</code>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCaseId = (value: unknown) => typeof value === "string" && CASE_ID.test(value);

function relatedCase(related: InstanceRef[] | undefined, value: unknown): InstanceRef | undefined {
  return typeof value === "string" ? related?.find((r) => r.id === value) : undefined;
}

function CaseLink({ related }: { related: InstanceRef }) {
  return (
    <Link to={`/instances/${related.id}`}>
      {related.title ?? related.businessKey ?? related.processKey}
    </Link>
  );
}
