/**
 * A form generated from a JSON Schema (task forms and start variables): one widget per
 * type and format, Chinese labels from `title`, required marks, and the server's errors
 * beside each field.
 */
import type { JsonSchema } from "../api/types.js";
import { isFileListSchema, isFileSchema } from "../../../engine/files/file-fields.js";
import { errorsAt } from "./field-errors.js";
import { FileField } from "./file-field.js";
import { ReferenceField } from "./reference-field.js";
import { ReferenceList } from "./reference-list.js";
import type { FieldErrors } from "./field-errors.js";
import {
  enumOptions,
  fromDateTimeLocal,
  orderedProperties,
  schemaType,
  toDateTimeLocal,
} from "./schema-values.js";

export interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  errors?: FieldErrors;
  disabled?: boolean;
  /** Prefix for element ids, so two forms on one page do not clash. */
  idPrefix?: string;
}

export function SchemaForm({
  schema,
  value,
  onChange,
  errors = {},
  disabled,
  idPrefix = "f",
}: SchemaFormProps) {
  return (
    <ObjectFields
      schema={schema}
      value={value}
      onChange={onChange}
      errors={errors}
      disabled={disabled}
      path=""
      idPrefix={idPrefix}
    />
  );
}

interface FieldProps {
  schema: JsonSchema;
  errors: FieldErrors;
  disabled: boolean | undefined;
  path: string;
  idPrefix: string;
}

function ObjectFields({
  schema,
  value,
  onChange,
  ...rest
}: FieldProps & {
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
}) {
  const required = new Set(schema.required ?? []);
  const entries = orderedProperties(schema)
    .map((name) => [name, schema.properties?.[name] ?? {}] as const)
    .filter(([, s]) => s.readOnly !== true);
  return (
    <div className="schema-fields">
      {errorsAt(rest.errors, rest.path).map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      {entries.map(([name, property]) => {
        const path = rest.path ? `${rest.path}.${name}` : name;
        return (
          <Field
            key={name}
            name={name}
            schema={property}
            required={required.has(name)}
            value={value[name]}
            onChange={(next) => {
              const copy = { ...value };
              if (next === undefined) delete copy[name];
              else copy[name] = next;
              onChange(copy);
            }}
            errors={rest.errors}
            disabled={rest.disabled}
            path={path}
            idPrefix={rest.idPrefix}
          />
        );
      })}
    </div>
  );
}

function Field({
  name,
  schema,
  required,
  value,
  onChange,
  errors,
  disabled,
  path,
  idPrefix,
}: FieldProps & {
  name: string;
  required: boolean;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const id = `${idPrefix}-${path.replace(/\./g, "-")}`;
  const messages = errorsAt(errors, path);
  const errorId = messages.length > 0 ? `${id}-error` : undefined;
  const hintId = schema.description ? `${id}-hint` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const label = schema.title ?? name;
  const type = schemaType(schema);
  const options = enumOptions(schema);
  const common = {
    id,
    name: path,
    disabled,
    "aria-invalid": messages.length > 0 || undefined,
    "aria-describedby": describedBy,
    "aria-required": required || undefined,
  };

  let control: React.ReactNode;
  if (type === "object" && schema.properties) {
    return (
      <fieldset className="field-group" data-field={path}>
        <legend>
          {label}
          {required && <RequiredMark />}
        </legend>
        <ObjectFields
          schema={schema}
          value={(value as Record<string, unknown>) ?? {}}
          onChange={onChange}
          errors={errors}
          disabled={disabled}
          path={path}
          idPrefix={idPrefix}
        />
      </fieldset>
    );
  } else if (schema["x-ref"] === "enterprise" || schema["x-ref"] === "village") {
    control = (
      <ReferenceField
        id={id}
        kind={schema["x-ref"]}
        value={value}
        onChange={onChange}
        disabled={disabled}
        describedBy={describedBy}
        required={required}
        invalid={messages.length > 0}
      />
    );
  } else if (isFileSchema(schema) || isFileListSchema(schema)) {
    control = (
      <FileField
        id={id}
        label={label}
        schema={schema}
        value={value}
        onChange={onChange}
        disabled={disabled}
        describedBy={describedBy}
      />
    );
  } else if (type === "array") {
    control = (
      <ArrayControl
        schema={schema}
        value={value}
        onChange={onChange}
        common={common}
        errors={errors}
        path={path}
        idPrefix={idPrefix}
        disabled={disabled}
      />
    );
  } else if (options) {
    const selected = value === undefined ? "" : JSON.stringify(value);
    control =
      options.length <= 4 ? (
        <div
          className="choice-row"
          role="radiogroup"
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy}
        >
          {options.map((option) => (
            <label key={JSON.stringify(option.value)} className="choice">
              <input
                type="radio"
                name={path}
                disabled={disabled}
                checked={selected === JSON.stringify(option.value)}
                onChange={() => onChange(option.value)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      ) : (
        <select
          {...common}
          value={selected}
          onChange={(e) => onChange(e.target.value ? JSON.parse(e.target.value) : undefined)}
        >
          <option value="">请选择…</option>
          {options.map((option) => (
            <option key={JSON.stringify(option.value)} value={JSON.stringify(option.value)}>
              {option.label}
            </option>
          ))}
        </select>
      );
  } else if (type === "boolean") {
    return (
      <div
        className={messages.length > 0 ? "field check has-error" : "field check"}
        data-field={path}
      >
        <label className="choice" htmlFor={id}>
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          <span>
            {label}
            {required && <RequiredMark />}
          </span>
        </label>
        <FieldFoot
          messages={messages}
          errorId={errorId}
          hint={schema.description}
          hintId={hintId}
        />
      </div>
    );
  } else if (type === "number" || type === "integer") {
    control = (
      <input
        {...common}
        type="number"
        inputMode={type === "integer" ? "numeric" : "decimal"}
        step={type === "integer" ? 1 : "any"}
        min={schema.minimum ?? schema.exclusiveMinimum}
        max={schema.maximum ?? schema.exclusiveMaximum}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  } else if (schema.format === "date") {
    control = (
      <input
        {...common}
        type="date"
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    );
  } else if (schema.format === "date-time") {
    control = (
      <input
        {...common}
        type="datetime-local"
        value={typeof value === "string" ? toDateTimeLocal(value) : ""}
        onChange={(e) => onChange(e.target.value ? fromDateTimeLocal(e.target.value) : undefined)}
      />
    );
  } else if (
    schema["x-widget"] === "textarea" ||
    schema.format === "textarea" ||
    (schema.maxLength ?? 0) > 200 ||
    (schema.maxLength === undefined && LONG_TEXT.test(name))
  ) {
    control = (
      <textarea
        {...common}
        rows={4}
        maxLength={schema.maxLength}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    );
  } else {
    const inputType =
      schema.format === "email"
        ? "email"
        : schema.format === "uri"
          ? "url"
          : schema.format === "phone"
            ? "tel"
            : "text";
    control = (
      <input
        {...common}
        type={inputType}
        maxLength={schema.maxLength}
        value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    );
  }

  return (
    <div className={messages.length > 0 ? "field has-error" : "field"} data-field={path}>
      <label className="field-label" htmlFor={id} id={`${id}-label`}>
        {label}
        {required && <RequiredMark />}
      </label>
      {control}
      <FieldFoot messages={messages} errorId={errorId} hint={schema.description} hintId={hintId} />
    </div>
  );
}

/** Free text that is usually several lines: descriptions, measures, minutes, reasons. */
const LONG_TEXT =
  /description|summary|content|measures|plan$|reason|remark|note|minutes|findings|opinion/i;

function RequiredMark() {
  return (
    <span className="required" aria-label="必填" title="必填">
      *
    </span>
  );
}

function FieldFoot({
  messages,
  errorId,
  hint,
  hintId,
}: {
  messages: string[];
  errorId?: string;
  hint?: string;
  hintId?: string;
}) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {messages.length > 0 && (
        <p className="field-error" id={errorId} role="alert">
          {messages.join("；")}
        </p>
      )}
    </>
  );
}

function ArrayControl({
  schema,
  value,
  onChange,
  common,
  errors,
  path,
  idPrefix,
  disabled,
}: {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  common: Record<string, unknown>;
  errors: FieldErrors;
  path: string;
  idPrefix: string;
  disabled: boolean | undefined;
}) {
  const items = schema.items ?? { type: "string" };
  const list = Array.isArray(value) ? value : [];
  if (items["x-ref"] === "enterprise" || items["x-ref"] === "village") {
    return (
      <ReferenceList
        id={String(common.id)}
        kind={items["x-ref"]}
        value={value}
        onChange={onChange}
        disabled={disabled}
        describedBy={common["aria-describedby"] as string | undefined}
        invalid={Boolean(common["aria-invalid"])}
      />
    );
  }
  const options = enumOptions(items);
  if (options) {
    return (
      <div className="choice-row" role="group">
        {options.map((option) => {
          const checked = list.some((v) => JSON.stringify(v) === JSON.stringify(option.value));
          return (
            <label key={JSON.stringify(option.value)} className="choice">
              <input
                type="checkbox"
                disabled={disabled}
                checked={checked}
                onChange={(e) => {
                  const rest = list.filter(
                    (v) => JSON.stringify(v) !== JSON.stringify(option.value),
                  );
                  const next = e.target.checked ? [...rest, option.value] : rest;
                  onChange(next.length ? next : undefined);
                }}
              />
              <span>{option.label}</span>
            </label>
          );
        })}
      </div>
    );
  }
  if (schemaType(items) === "object") {
    return (
      <div className="array-items">
        {list.map((item, index) => (
          <fieldset key={index} className="field-group">
            <legend>第 {index + 1} 项</legend>
            <ObjectFields
              schema={items}
              value={(item as Record<string, unknown>) ?? {}}
              onChange={(next) => onChange(list.map((v, i) => (i === index ? next : v)))}
              errors={errors}
              disabled={disabled}
              path={`${path}.${index}`}
              idPrefix={idPrefix}
            />
            <button
              type="button"
              className="btn small ghost"
              disabled={disabled}
              onClick={() => onChange(list.filter((_, i) => i !== index))}
            >
              删除此项
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="btn small"
          disabled={disabled}
          onClick={() => onChange([...list, {}])}
        >
          添加一项
        </button>
      </div>
    );
  }
  // A list of plain values: one per line.
  const numeric = ["number", "integer"].includes(schemaType(items) ?? "");
  return (
    <textarea
      {...common}
      rows={3}
      placeholder="每行一项"
      value={list.map(String).join("\n")}
      onChange={(e) => {
        const lines = e.target.value
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean);
        onChange(lines.length ? lines.map((l) => (numeric ? Number(l) : l)) : undefined);
      }}
    />
  );
}
