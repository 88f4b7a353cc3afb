import type { Problem } from "./types.js";

/** An RFC 9457 problem+json response, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  /** Field problems of a 400 (`errors`) or definition problems of a 422 (`problems`). */
  readonly problems: Problem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === "string" ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === "string" ? body.detail : null;
    super(detail ?? title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.body = body;
    this.problems = [...readProblems(body.errors), ...readProblems(body.problems)];
  }
}

function readProblems(value: unknown): Problem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({
      path: typeof p.path === "string" ? p.path : "",
      message: typeof p.message === "string" ? p.message : JSON.stringify(p),
    }));
}

/** Whether a server's text is written for people (Chinese), not an English detail for logs. */
const readable = (text: string | null | undefined): text is string =>
  typeof text === "string" && /[\u4e00-\u9fff]/.test(text);

const byStatus: Record<number, string> = {
  400: "提交的内容有误，请检查后重试",
  401: "登录已过期，请重新登录",
  403: "没有权限执行此操作",
  404: "未找到：记录不存在或无权查看",
  409: "操作冲突：数据已被他人修改，请刷新后重试",
  413: "内容太大，无法提交",
  415: "不支持的内容类型",
  422: "此操作未被接受",
  429: "尝试次数过多，请稍后再试",
  503: "服务暂时不可用，请稍后重试",
};

/**
 * What to tell the user about a failed call, in Chinese: the server's own words when they
 * are Chinese (a rule's message, a field's problem), else a sentence for the status. The
 * API's English `detail` is for logs and integrators, never shown.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return "无法连接服务器，请检查网络后重试";
    if (error.status === 401 || error.status === 403 || error.status === 429)
      return byStatus[error.status]!;
    // A malformed id in the address: nothing to correct in a form.
    if (error.status === 400 && error.problems.length > 0)
      if (error.problems.every((p) => p.path.startsWith("path.")))
        return "链接无效：记录不存在或无权查看";
    const messages = error.problems.map((p) => p.message).filter(readable);
    if (messages.length > 0) return messages.join("；");
    if (readable(error.detail)) return error.detail;
    return byStatus[error.status] ?? `服务器出错（${error.status}），请稍后重试`;
  }
  return error instanceof Error ? error.message : String(error);
}
