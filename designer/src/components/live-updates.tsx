/**
 * One SSE connection per signed-in tab; screens read `useLiveTick()` to reload when
 * a task or instance they may see changes.
 */
import { createContext, useContext, useEffect, useState } from "react";
import type { ReactNode } from "react";
import { openEventStream } from "../api/event-stream.js";
import type { StreamEvent } from "../api/event-stream.js";

interface LiveUpdates {
  tick: number;
  last: StreamEvent | null;
}

const LiveContext = createContext<LiveUpdates>({ tick: 0, last: null });

export function LiveUpdatesProvider({
  enabled,
  children,
}: {
  enabled: boolean;
  children: ReactNode;
}) {
  const [state, setState] = useState<LiveUpdates>({ tick: 0, last: null });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = openEventStream((event) => {
      if (["ping", "ready", "hello", "heartbeat"].includes(event.type)) return;
      // Bursts (one completion creates and cancels several tasks) reload once.
      clearTimeout(timer);
      timer = setTimeout(() => setState((s) => ({ tick: s.tick + 1, last: event })), 150);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [enabled]);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLiveTick(): number {
  return useContext(LiveContext).tick;
}

export function useLastLiveEvent(): StreamEvent | null {
  return useContext(LiveContext).last;
}
