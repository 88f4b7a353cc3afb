/**
 * A searchable picker for an `x-ref` field: the user types part of a name, of a credit
 * code or pinyin initials (`tfhg`) and chooses from the directory; the stored value is
 * the record's id (an enterprise's id, a village's code). Keyboard: ↑ ↓ Enter Esc.
 */
import { useId, useState } from "react";
import {
  useReferenceSearch,
  useReferencedRecord,
  type ReferenceKind,
  type ReferenceOption,
} from "./use-reference-search.js";

export interface ReferenceFieldProps {
  id: string;
  kind: ReferenceKind;
  value: unknown;
  onChange(value: string | undefined): void;
  disabled?: boolean;
  describedBy?: string;
  required?: boolean;
  invalid?: boolean;
}

const PLACEHOLDER: Record<ReferenceKind, string> = {
  enterprise: "输入企业名称、信用代码或拼音首字母",
  village: "输入村(社区)名称或拼音首字母",
};

export function ReferenceField(props: ReferenceFieldProps) {
  const { id, kind, onChange } = props;
  const value = typeof props.value === "string" && props.value ? props.value : undefined;
  const [selected, setSelected] = useReferencedRecord(kind, value);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const { options, loading } = useReferenceSearch(kind, text ?? "", open);
  const listId = useId();

  const choose = (option: ReferenceOption) => {
    setSelected(option);
    setText(null);
    setOpen(false);
    onChange(option.id);
  };
  const shown = text ?? selected?.name ?? "";

  return (
    <div className="reference-field">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={
          open && options[activeIndex] ? `${listId}-${activeIndex}` : undefined
        }
        aria-describedby={props.describedBy}
        aria-required={props.required || undefined}
        aria-invalid={props.invalid || undefined}
        disabled={props.disabled}
        placeholder={PLACEHOLDER[kind]}
        value={shown}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
        onChange={(e) => {
          setText(e.target.value);
          setActiveIndex(0);
          setOpen(true);
          if (value) onChange(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActiveIndex((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActiveIndex((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter" && open && options[activeIndex]) {
            e.preventDefault();
            choose(options[activeIndex]);
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {selected && value && text === null && selected.detail && (
        <p className="reference-detail">{selected.detail}</p>
      )}
      {open && (
        <ul className="reference-options" id={listId} role="listbox">
          {options.map((option, index) => (
            <li
              key={option.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? "active" : undefined}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(option);
              }}
            >
              <span className="reference-name">{option.name}</span>
              <span className="reference-detail">{option.detail}</span>
            </li>
          ))}
          {options.length === 0 && (
            <li className="reference-empty" aria-disabled="true">
              {loading ? "查找中…" : "没有找到"}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
