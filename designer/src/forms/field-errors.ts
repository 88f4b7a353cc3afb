/**
 * Maps the API's field problems (400 `errors[].path`) onto form paths like `plan.funds`
 * or `items.0.name`, whatever notation the server used (`/funds`, `data.funds`, `funds`).
 */
import type { Problem } from "../api/types.js";

export type FieldErrors = Record<string, string[]>;

export function toFormPath(path: string): string {
  let normal = path.trim();
  normal = normal.replace(/^#?\//, "").replace(/\//g, ".");
  normal = normal.replace(/\[(\d+)\]/g, ".$1").replace(/\["?([^\]"]+)"?\]/g, ".$1");
  normal = normal.replace(/^(data|variables|body)(\.|$)/, "");
  return normal.replace(/^\./, "");
}

/** Groups problems by form path; a missing required property is filed under that property. */
export function fieldErrorsFrom(problems: Problem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    let path = toFormPath(problem.path);
    const missing = /required property ['"]?([^'"\s]+)['"]?/.exec(problem.message);
    if (missing?.[1] && !path.endsWith(missing[1]))
      path = path ? `${path}.${missing[1]}` : missing[1];
    (errors[path] ??= []).push(translateMessage(problem.message));
  }
  return errors;
}

/**
 * A field's message as shown beside the field. The server words form problems in
 * Chinese (ajv-i18n) and prefixes the field's title ("责任人：必填"); the field shows
 * its own label, so the prefix goes. English wording from an older server is translated.
 */
export function translateMessage(raw: string): string {
  const message = raw.replace(/^[^:：]{1,60}[:：]\s*(?=\S)/, "");
  if (/required property|is required/.test(message)) return "必填";
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/must be >= (\S+)/, (m) => `不能小于 ${m[1]}`],
    [/must be <= (\S+)/, (m) => `不能大于 ${m[1]}`],
    [/must be > (\S+)/, (m) => `必须大于 ${m[1]}`],
    [/must be < (\S+)/, (m) => `必须小于 ${m[1]}`],
    [/must NOT have fewer than (\d+) characters/, (m) => `至少 ${m[1]} 个字`],
    [/must NOT have more than (\d+) characters/, (m) => `最多 ${m[1]} 个字`],
    [/must NOT have fewer than (\d+) items/, (m) => `至少选择 ${m[1]} 项`],
    [/must match format "([^"]+)"/, (m) => `格式不正确（${m[1]}）`],
    [/must be equal to one of the allowed values/, () => "请选择有效选项"],
    [/must be (integer|number)/, () => "请输入数字"],
    [/must be boolean/, () => "请选择是或否"],
    [/must be string/, () => "请输入文字"],
  ];
  for (const [pattern, render] of rules) {
    const match = pattern.exec(message);
    if (match) return render(match);
  }
  return message;
}

/** Errors at `path` itself. */
export function errorsAt(errors: FieldErrors, path: string): string[] {
  return errors[path] ?? [];
}
