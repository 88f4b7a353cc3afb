/**
 * Definitions the benchmarks drive: a counter that stays in one state (each
 * event = one instance update + one history row, the same work as the floor's
 * UPDATE + INSERT) and an alarm whose only timer ends the instance.
 */
export const benchCounter = {
  key: "bench-counter",
  name: "Benchmark counter",
  initial: "counting",
  states: {
    counting: {
      on: {
        BUMP: { assign: { count: "if vars.count = null then 1 else vars.count + 1" } },
        STOP: "stopped",
      },
    },
    stopped: { type: "final" },
  },
};

export const benchAlarm = {
  key: "bench-alarm",
  name: "Benchmark alarm",
  initial: "waiting",
  states: {
    waiting: { after: [{ delay: "P1D", target: "rang" }] },
    rang: { type: "final" },
  },
};

/** The event a bench-alarm timer delivers (its history rows count the firings). */
export const ALARM_EVENT = "zb.timer.waiting.0";
