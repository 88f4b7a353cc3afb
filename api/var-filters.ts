/**
 * `var.<name>=<value>` query parameters of `GET /api/instances`: instances whose
 * top-level variable `<name>` holds the string `<value>` (`var.region=north`). Generic:
 * any variable of any process, named by the caller.
 *
 * @example
 * ```ts
 * varFilters({ "var.region": ["north"], limit: ["20"] }); // { vars: { region: "north" } }
 * ```
 */
import type { Problem } from "../engine/errors.js";

const PREFIX = "var.";
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_FILTERS = 10;

export function varFilters(
  queries: Record<string, string[]>,
): { vars: Record<string, string> } | { problems: Problem[] } {
  const vars: Record<string, string> = {};
  const problems: Problem[] = [];
  for (const [key, values] of Object.entries(queries)) {
    if (!key.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    const path = `query.${key}`;
    if (!NAME.test(name)) problems.push({ path, message: "变量名只能由字母、数字和 _ 组成" });
    else if (values.length !== 1) problems.push({ path, message: "每个变量只能给一个值" });
    else if (values[0]!.length === 0 || values[0]!.length > 200)
      problems.push({ path, message: "值须为 1–200 个字符" });
    else vars[name] = values[0]!;
  }
  if (Object.keys(vars).length > MAX_FILTERS)
    problems.push({ path: "query", message: `最多按 ${MAX_FILTERS} 个变量筛选` });
  return problems.length > 0 ? { problems } : { vars };
}
