/**
 * An HTTP receiver on 127.0.0.1 for notification tests: records every request (path,
 * query, headers, body), answers as the test says (status, body, a delay), and keeps
 * what a careful receiver accepts: one post per `Idempotency-Key`, as a real webhook
 * consumer would de-duplicate.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  body?: string;
  /** Answer only after this long (the post is recorded and accepted at once). */
  delayMs?: number;
}

export interface LoopbackReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Posts accepted: each Idempotency-Key once (requests without one always). */
  accepted: ReceivedRequest[];
  /** What the next requests get, in turn; then `otherwise`. */
  answers: Answer[];
  otherwise: Answer;
  close(): Promise<void>;
}

export async function startLoopbackReceiver(otherwise: Answer = {}): Promise<LoopbackReceiver> {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      receiver.requests.push(request);
      const answer = receiver.answers.shift() ?? receiver.otherwise;
      const status = answer.status ?? 200;
      const key = req.headers["idempotency-key"];
      if (status < 300 && (typeof key !== "string" || !seen.has(key))) {
        if (typeof key === "string") seen.add(key);
        receiver.accepted.push(request);
      }
      const reply = () => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(answer.body ?? '{"errcode":0,"errmsg":"ok"}');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  const receiver: LoopbackReceiver = {
    url: "",
    requests: [],
    accepted: [],
    answers: [],
    otherwise,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
