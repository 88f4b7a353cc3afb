/** One labelled input of the channel form, with its hint and the server's problem. */
import { cloneElement, type ReactElement } from "react";

export function ChannelField({
  id,
  label,
  hint,
  problem,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  problem?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const described = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={problem ? "field has-error" : "field"} data-field={id.replace(/^channel-/, "")}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, {
        id,
        "aria-invalid": problem ? true : undefined,
        "aria-describedby": described || undefined,
      })}
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {problem && (
        <span className="field-error" id={`${id}-error`}>
          {problem}
        </span>
      )}
    </div>
  );
}
