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

/** What to tell the user about a failed call, in Chinese. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return "无法连接服务器，请检查网络后重试";
    if (error.status === 401) return "登录已过期，请重新登录";
    if (error.status === 403) return "没有权限执行此操作";
    if (error.status === 404) return "未找到：" + (error.detail ?? "记录不存在或无权查看");
    if (error.status === 429) return "尝试次数过多，请稍后再试";
    if (error.status === 503) return "服务暂时不可用，请稍后重试";
    if (error.status === 409) return "操作冲突：" + (error.detail ?? "数据已被他人修改，请刷新");
    return error.detail ?? error.title;
  }
  return error instanceof Error ? error.message : String(error);
}
