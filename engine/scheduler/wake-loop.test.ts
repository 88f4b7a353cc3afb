import { describe, expect, it } from "vitest";
import { startWakeLoop } from "./wake-loop.js";

/** A database whose only ability is LISTEN: `notify()` calls the handler as PostgreSQL would. */
function listening() {
  let handler: ((payload: string) => void) | null = null;
  let unlistened = false;
  return {
    database: {
      listen: async (_channel: string, h: (payload: string) => void) => {
        handler = h;
        return async () => {
          unlistened = true;
        };
      },
    },
    notify: () => handler?.(""),
    unlistened: () => unlistened,
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("startWakeLoop", () => {
  it("runs rounds back to back while there is more, then sleeps until a NOTIFY wakes it", async () => {
    const db = listening();
    let rounds = 0;
    const loop = startWakeLoop(db.database, {
      channel: "jobs",
      pollMs: 60_000,
      onListenError: () => {},
      round: async () => ++rounds < 3,
    });
    await until(() => rounds === 3);
    await new Promise((r) => setTimeout(r, 30));
    expect(rounds).toBe(3); // asleep: the poll is a minute away
    db.notify();
    await until(() => rounds === 4);
    await loop.stop();
    expect(db.unlistened()).toBe(true);
  });

  it("polls without a NOTIFY, and a NOTIFY during a round makes the next start at once", async () => {
    const db = listening();
    let rounds = 0;
    const loop = startWakeLoop(db.database, {
      channel: "jobs",
      pollMs: 20,
      onListenError: () => {},
      round: async () => {
        rounds++;
        if (rounds === 1) db.notify();
        return false;
      },
    });
    await until(() => rounds >= 3);
    await loop.stop();
  });

  it("stop waits for the round under way and runs no other", async () => {
    const db = listening();
    let rounds = 0;
    let finished = false;
    let sawStop = false;
    const loop = startWakeLoop(db.database, {
      channel: "jobs",
      pollMs: 5,
      onListenError: () => {},
      round: async (stopped) => {
        rounds++;
        await new Promise((r) => setTimeout(r, 30));
        sawStop = stopped();
        finished = true;
        return true;
      },
    });
    await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(finished).toBe(true);
    expect(sawStop).toBe(true);
    expect(rounds).toBe(1);
  });

  it("without a channel, listens to nothing and runs when woken", async () => {
    let listened = false;
    let rounds = 0;
    const loop = startWakeLoop(
      {
        listen: async () => {
          listened = true;
          return async () => {};
        },
      },
      { pollMs: 60_000, onListenError: () => {}, round: async () => (rounds++, false) },
    );
    await until(() => rounds === 1);
    loop.wake();
    await until(() => rounds === 2);
    await loop.stop();
    expect(listened).toBe(false);
  });

  it("goes on polling when LISTEN fails", async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = startWakeLoop(
      { listen: () => Promise.reject(new Error("no LISTEN")) },
      {
        channel: "jobs",
        pollMs: 5,
        onListenError: (error) => errors.push(error),
        round: async () => (rounds++, false),
      },
    );
    await until(() => rounds >= 3);
    await loop.stop();
    expect(errors).toHaveLength(1);
  });
});
