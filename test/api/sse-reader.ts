/**
 * Reads Server-Sent Events from a response body, for tests.
 */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseReader {
  /** The next event matching `predicate`, or null after `timeoutMs`. */
  next(predicate: (event: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent | null>;
  /** Every event received so far. */
  seen: SseEvent[];
  /** Whether the server ended the stream. */
  ended(): boolean;
  close(): Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  let done = false;

  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: "message", data: "" };
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event.event = line.slice(7);
            if (line.startsWith("data: ")) event.data += line.slice(6);
          }
          if (block.trim() && !block.startsWith(":")) seen.push(event);
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // cancelled
    } finally {
      done = true;
      for (const wake of waiters) wake();
    }
  })();

  return {
    seen,
    ended: () => done,
    async next(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let from = 0;
      for (;;) {
        const found = seen.slice(from).find(predicate);
        if (found) return found;
        from = seen.length;
        const left = deadline - Date.now();
        if (left <= 0 || done) return null;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
        });
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
    },
  };
}
