/**
 * Channel types in people's words, and a 400's field problems keyed by the form's field.
 *
 * @example
 * ```ts
 * channelTypeLabel("wecom"); // "企业微信群机器人"
 * fieldProblems(error); // { url: "须填写 http(s) 地址" }
 * ```
 */
import { ApiError } from "../../api/api-error.js";

const typeLabels: Record<string, string> = {
  webhook: "Webhook",
  wecom: "企业微信群机器人",
  dingtalk: "钉钉群机器人",
  sms: "短信",
  "in-app": "站内通知",
};

export function channelTypeLabel(type: string): string {
  return typeLabels[type] ?? type;
}

/** What the URL field asks for, by type. */
export const urlHints: Record<string, string> = {
  webhook: "接收方的地址，如 https://example.gov.cn/zhiben/hook",
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
};

/** Said at a field when the server's problem is not in Chinese (a format written for integrators). */
const fieldRules: Record<string, string> = {
  name: "请填写名称",
  type: "请选择类型",
  url: "须填写 http(s) 地址",
  secret: "密钥格式有误",
  groups: "组标识只能含字母、数字和 _ . : -，多个用空格分隔",
  users: "用户名只能含字母、数字和 . _ @ -，多个用空格分隔",
  ratePerMinute: "须为 1 到 600 的整数",
  maxAttempts: "须为 1 到 20 的整数",
};

const chinese = /[\u4e00-\u9fff]/;

/**
 * Field → its first problem, from a 400's `errors` (`body.url` from the request's schema,
 * `url` from the engine's check), always in Chinese; problems without a field come back
 * under `""`.
 */
export function fieldProblems(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.status !== 400) return result;
  for (const problem of error.problems) {
    const field = problem.path.replace(/^body\.?/, "").split(".")[0] ?? "";
    const message = chinese.test(problem.message)
      ? problem.message
      : (fieldRules[field] ?? "内容有误");
    result[field] ??= message;
  }
  return result;
}
