/**
 * An array of `x-ref` ids (`{"type": "array", "items": {"type": "string", "x-ref": "enterprise"}}`):
 * one picker per chosen record, a remove button beside each and one empty picker to add
 * the next, so that nobody types an id by hand in a list either.
 */
import { ReferenceField } from "./reference-field.js";
import type { ReferenceKind } from "./use-reference-search.js";

export function ReferenceList(props: {
  id: string;
  kind: ReferenceKind;
  value: unknown;
  onChange(value: string[] | undefined): void;
  disabled?: boolean;
  describedBy?: string;
  invalid?: boolean;
}) {
  const { id, kind, disabled } = props;
  const ids = Array.isArray(props.value)
    ? props.value.filter((v): v is string => typeof v === "string")
    : [];
  const update = (next: string[]) => props.onChange(next.length ? next : undefined);
  return (
    <div className="reference-list">
      {ids.map((value, index) => (
        <div className="reference-list-item" key={`${index}-${value}`}>
          <ReferenceField
            id={`${id}-${index}`}
            kind={kind}
            value={value}
            disabled={disabled}
            describedBy={props.describedBy}
            invalid={props.invalid}
            onChange={(chosen) =>
              update(
                chosen
                  ? ids.map((v, i) => (i === index ? chosen : v))
                  : ids.filter((_, i) => i !== index),
              )
            }
          />
          <button
            type="button"
            className="btn small ghost"
            disabled={disabled}
            aria-label={`移除第 ${index + 1} 项`}
            onClick={() => update(ids.filter((_, i) => i !== index))}
          >
            移除
          </button>
        </div>
      ))}
      <ReferenceField
        // A fresh picker after each choice: its key changes with the list's length.
        key={`add-${ids.length}`}
        id={id}
        kind={kind}
        value={undefined}
        disabled={disabled}
        describedBy={props.describedBy}
        invalid={props.invalid}
        onChange={(chosen) => {
          if (chosen && !ids.includes(chosen)) update([...ids, chosen]);
        }}
      />
    </div>
  );
}
