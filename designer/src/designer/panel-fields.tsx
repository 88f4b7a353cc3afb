/** Small labelled inputs for the designer's side panel. */
import { useEffect, useId, useState, type ReactNode } from "react";
import type { Problem } from "../api/types.js";

export function TextField({
  label,
  value,
  onChange,
  placeholder,
  mono,
  multiline,
  problems = [],
  readOnly,
  commitOnBlur,
  name,
}: {
  /** FEEL names in it go in `<code>`. */
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  mono?: boolean;
  multiline?: boolean;
  problems?: Problem[];
  readOnly?: boolean;
  /** Apply only on blur or Enter (renaming a key rewrites references). */
  commitOnBlur?: boolean;
  name?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const className =
    [mono ? "mono" : "", problems.length ? "invalid" : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    className,
    placeholder,
    readOnly,
    value: commitOnBlur ? draft : value,
    "aria-invalid": problems.length > 0 || undefined,
    "aria-describedby": problems.length ? `${id}-problems` : undefined,
  };
  const change = (text: string) => (commitOnBlur ? setDraft(text) : onChange(text));
  const commit = () => {
    if (commitOnBlur && draft !== value) onChange(draft);
  };
  return (
    <div className="panel-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => change(e.target.value)} onBlur={commit} />
      ) : (
        <input
          {...common}
          onChange={(e) => change(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
            if (e.key === "Escape" && commitOnBlur) setDraft(value);
          }}
        />
      )}
      {problems.length > 0 && (
        <ul className="inline-problems" id={`${id}-problems`}>
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SelectField({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="panel-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `a, b` ↔ ["a", "b"]; items written `{expr}` stay FEEL objects. */
export function listToText(list: unknown): string {
  if (!Array.isArray(list))
    return list && typeof list === "object" && "expr" in list
      ? `=${(list as { expr: string }).expr}`
      : "";
  return list
    .map((item) => (typeof item === "string" ? item : `=${(item as { expr?: string }).expr ?? ""}`))
    .join(", ");
}

export function textToList(text: string): (string | { expr: string })[] {
  return text
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith("=") ? { expr: s.slice(1).trim() } : s));
}

/** `name = expr` lines ↔ an assign map. */
export function assignToText(assign: Record<string, string> | undefined): string {
  return Object.entries(assign ?? {})
    .map(([k, v]) => `${k} = ${v}`)
    .join("\n");
}

export function textToAssign(text: string): Record<string, string> | undefined {
  const entries = text
    .split("\n")
    .map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] ?? "", (m[2] ?? "").trim()] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Problems whose path starts at `prefix`. */
export function problemsUnder(problems: Problem[], prefix: string): Problem[] {
  return problems.filter(
    (p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`),
  );
}
