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

/**
 * Two tasks in a row: completing the first (`PASS`) completes it, opens the
 * second and moves the instance — the write set of the ceiling script
 * (test/bench/write-set-ceiling.ts) and of the HTTP completions.
 */
export const benchReview = {
  key: "bench-review",
  name: "Benchmark review",
  initial: "review",
  states: {
    review: {
      task: {
        name: "Review",
        candidateGroups: ["process-admin"],
        outcomes: [{ event: "PASS", label: "Pass" }],
      },
      on: { PASS: "approve" },
    },
    approve: {
      task: {
        name: "Approve",
        candidateGroups: ["process-admin"],
        outcomes: [{ event: "DONE", label: "Done" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

/** Who completes the bench-review tasks (the HTTP bench logs in as the admin, a process-admin too). */
export const BENCH_ACTOR = { id: "bench", groups: ["process-admin"] };
