/**
 * Edits a form as a list of fields and writes it as JSON Schema: title, type, required,
 * enum options and bounds per field.
 */
import type { JsonSchema } from "../api/types.js";
import { enumOptions } from "../forms/schema-values.js";

type Kind =
  "string" | "textarea" | "number" | "integer" | "boolean" | "date" | "date-time" | "enum";

const kinds: { value: Kind; label: string }[] = [
  { value: "string", label: "文本" },
  { value: "textarea", label: "多行文本" },
  { value: "number", label: "数字" },
  { value: "integer", label: "整数" },
  { value: "boolean", label: "是/否" },
  { value: "date", label: "日期" },
  { value: "date-time", label: "日期时间" },
  { value: "enum", label: "选项" },
];

function kindOf(schema: JsonSchema): Kind {
  if (enumOptions(schema)) return "enum";
  if (schema.type === "string" && (schema.format === "date" || schema.format === "date-time"))
    return schema.format;
  if (schema.type === "string" && schema["x-widget"] === "textarea") return "textarea";
  if (schema.type === "number" || schema.type === "integer" || schema.type === "boolean")
    return schema.type;
  return "string";
}

function schemaFor(kind: Kind, previous: JsonSchema): JsonSchema {
  const base: JsonSchema = { title: previous.title };
  if (previous.description) base.description = previous.description;
  switch (kind) {
    case "textarea":
      return { ...base, type: "string", "x-widget": "textarea", minLength: previous.minLength };
    case "number":
    case "integer":
      return { ...base, type: kind, minimum: previous.minimum, maximum: previous.maximum };
    case "boolean":
      return { ...base, type: "boolean" };
    case "date":
    case "date-time":
      return { ...base, type: "string", format: kind };
    case "enum":
      return {
        ...base,
        type: "string",
        oneOf: enumOptions(previous)?.map((o) => ({ const: o.value, title: o.label })) ?? [
          { const: "a", title: "选项一" },
        ],
      };
    default:
      return {
        ...base,
        type: "string",
        minLength: previous.minLength,
        maxLength: previous.maxLength,
      };
  }
}

function clean(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(
    Object.entries(schema).filter(([, v]) => v !== undefined && v !== ""),
  ) as JsonSchema;
}

export function FormFieldEditor({
  schema,
  onChange,
  title = "表单字段",
}: {
  schema: JsonSchema | undefined;
  onChange(schema: JsonSchema | undefined): void;
  title?: string;
}) {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const names = Object.keys(properties);

  const write = (nextProps: Record<string, JsonSchema>, nextRequired: Set<string>) => {
    const keys = Object.keys(nextProps);
    if (keys.length === 0) return onChange(undefined);
    const req = keys.filter((k) => nextRequired.has(k));
    onChange(
      clean({
        ...schema,
        type: "object",
        properties: nextProps,
        required: req.length ? req : undefined,
      }),
    );
  };
  const setField = (name: string, field: JsonSchema) =>
    write({ ...properties, [name]: clean(field) }, required);
  const renameField = (from: string, to: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(to) || to in properties) return;
    const next = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k === from ? to : k, v]),
    );
    const req = new Set([...required].map((r) => (r === from ? to : r)));
    write(next, req);
  };
  const addField = () => {
    let n = names.length + 1;
    while (`field${n}` in properties) n++;
    write({ ...properties, [`field${n}`]: { type: "string", title: `字段${n}` } }, required);
  };

  return (
    <div className="field-editor">
      <div className="panel-subhead">
        <span>{title}</span>
        <button type="button" className="btn small" onClick={addField}>
          添加字段
        </button>
      </div>
      {names.length === 0 && <p className="muted small">没有字段</p>}
      {names.map((name) => {
        const field = properties[name] ?? {};
        const kind = kindOf(field);
        const options = enumOptions(field);
        return (
          <fieldset key={name} className="field-row">
            <legend className="sr-only">字段 {field.title || <code>{name}</code>}</legend>
            <div className="row">
              <input
                aria-label="字段名"
                className="mono"
                defaultValue={name}
                onBlur={(e) => renameField(name, e.target.value.trim())}
              />
              <input
                aria-label="字段标题"
                value={field.title ?? ""}
                placeholder="标题"
                onChange={(e) => setField(name, { ...field, title: e.target.value })}
              />
            </div>
            <div className="row">
              <select
                aria-label="字段类型"
                value={kind}
                onChange={(e) => setField(name, schemaFor(e.target.value as Kind, field))}
              >
                {kinds.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={required.has(name)}
                  onChange={(e) => {
                    const next = new Set(required);
                    if (e.target.checked) next.add(name);
                    else next.delete(name);
                    write(properties, next);
                  }}
                />
                必填
              </label>
              <button
                type="button"
                className="btn small ghost"
                aria-label={`删除字段 ${name}`}
                onClick={() =>
                  write(
                    Object.fromEntries(Object.entries(properties).filter(([k]) => k !== name)),
                    required,
                  )
                }
              >
                删除
              </button>
            </div>
            {(kind === "number" || kind === "integer") && (
              <div className="row">
                <input
                  aria-label="最小值"
                  type="number"
                  placeholder="最小值"
                  value={field.minimum ?? ""}
                  onChange={(e) =>
                    setField(name, {
                      ...field,
                      minimum: e.target.value === "" ? undefined : Number(e.target.value),
                    })
                  }
                />
                <input
                  aria-label="最大值"
                  type="number"
                  placeholder="最大值"
                  value={field.maximum ?? ""}
                  onChange={(e) =>
                    setField(name, {
                      ...field,
                      maximum: e.target.value === "" ? undefined : Number(e.target.value),
                    })
                  }
                />
              </div>
            )}
            {(kind === "string" || kind === "textarea") && (
              <div className="row">
                <input
                  aria-label="最少字数"
                  type="number"
                  min={0}
                  placeholder="最少字数"
                  value={field.minLength ?? ""}
                  onChange={(e) =>
                    setField(name, {
                      ...field,
                      minLength: e.target.value === "" ? undefined : Number(e.target.value),
                    })
                  }
                />
                <input
                  aria-label="最多字数"
                  type="number"
                  min={0}
                  placeholder="最多字数"
                  value={field.maxLength ?? ""}
                  onChange={(e) =>
                    setField(name, {
                      ...field,
                      maxLength: e.target.value === "" ? undefined : Number(e.target.value),
                    })
                  }
                />
              </div>
            )}
            {kind === "enum" && (
              <input
                aria-label="选项（值:名称，逗号分隔）"
                placeholder="值:名称, 值:名称"
                value={(options ?? []).map((o) => `${String(o.value)}:${o.label}`).join(", ")}
                onChange={(e) =>
                  setField(name, {
                    ...field,
                    enum: undefined,
                    "x-enumNames": undefined,
                    oneOf: e.target.value
                      .split(/[,，]/)
                      .map((s) => s.trim())
                      .filter(Boolean)
                      .map((s) => {
                        const [value = "", label] = s.split(/[:：]/);
                        return { const: value.trim(), title: (label ?? value).trim() };
                      }),
                  })
                }
              />
            )}
          </fieldset>
        );
      })}
    </div>
  );
}
