/**
 * Live updates from GET /api/stream (Server-Sent Events). EventSource cannot send
 * the bearer token, so the stream is read with fetch and parsed here.
 *
 * @example
 * ```ts
 * const stop = openEventStream((event) => console.log(event.type));
 * ```
 */
import { apiUrl, authHeaders } from "./http.js";

export interface StreamEvent {
  /** The SSE `event:` name, or the `type` field of the JSON data. */
  type: string;
  data: Record<string, unknown>;
}

export function openEventStream(onEvent: (event: StreamEvent) => void): () => void {
  const controller = new AbortController();
  let retryMs = 1000;

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(apiUrl("/stream"), {
          headers: { accept: "text/event-stream", ...authHeaders() },
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) return;
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        retryMs = 1000;
        await readEvents(response.body, onEvent);
      } catch {
        if (controller.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 30_000);
    }
  };
  void run();
  return () => controller.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) onEvent(event);
      end = buffer.indexOf("\n\n");
    }
  }
}

function parseBlock(block: string): StreamEvent | null {
  let name = "";
  const dataLines: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") dataLines.push(value);
  }
  if (dataLines.length === 0 && !name) return null;
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(dataLines.join("\n"));
    if (parsed && typeof parsed === "object") data = parsed as Record<string, unknown>;
  } catch {
    data = { text: dataLines.join("\n") };
  }
  const type = name || (typeof data.type === "string" ? data.type : "message");
  return { type, data };
}
