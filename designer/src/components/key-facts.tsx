/** The case's key facts: its start variables with their Chinese titles. */
import type { JsonSchema } from "../api/types.js";
import { displayValue, orderedProperties } from "../forms/schema-values.js";

export function KeyFacts({
  vars,
  schema,
  limit = 12,
}: {
  vars: Record<string, unknown>;
  schema: JsonSchema | undefined;
  limit?: number;
}) {
  const properties = schema?.properties ?? {};
  const known = (schema ? orderedProperties(schema) : []).filter(
    (name) => vars[name] !== undefined && vars[name] !== "",
  );
  const others = Object.keys(vars).filter((name) => !(name in properties) && isSimple(vars[name]));
  const names = [...known, ...others].slice(0, limit);
  if (names.length === 0) return <p className="muted">暂无信息</p>;
  return (
    <dl className="facts">
      {names.map((name) => (
        <div key={name}>
          <dt>{properties[name]?.title ?? name}</dt>
          <dd>{displayValue(properties[name], vars[name])}</dd>
        </div>
      ))}
    </dl>
  );
}

function isSimple(value: unknown): boolean {
  return value !== null && value !== undefined && value !== "" && typeof value !== "object";
}
