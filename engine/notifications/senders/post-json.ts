/**
 * POSTs a JSON body and reads the answer: a non-2xx status, a timeout or a network
 * error throws `SendError` with what an admin needs to see (status, a bounded excerpt).
 */
import { SendError } from "../channel-sender.js";

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body,
      signal,
      redirect: "error",
    });
  } catch (error) {
    if (signal.aborted) throw new SendError("timed out waiting for the receiver");
    throw new SendError(`could not reach the receiver: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new SendError(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** The robots answer 200 with `errcode` ≠ 0 when they refuse (bad key, sign, rate limit). */
export function assertRobotAccepted(text: string): void {
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new SendError(`the robot's answer is not JSON: ${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0)
    throw new SendError(
      `robot refused: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? "")}`,
    );
}
