/**
 * Fixture definitions that no one in the work-safety domain would write: the
 * engine must run them as well as it runs ours.
 */
export const repairOrder = {
  key: "repair-order",
  name: "Bicycle repair order",
  variables: {
    type: "object",
    required: ["customer", "amount"],
    properties: {
      customer: { type: "string", minLength: 1 },
      amount: { type: "number", minimum: 0 },
      shop: { type: "string" },
    },
  },
  visibility: ["desk", { expr: '"shop-" + vars.shop' }],
  initial: "intake",
  entry: [{ type: "assign", assign: { size: 'if vars.amount >= 1000 then "large" else "small"' } }],
  states: {
    intake: {
      label: "Intake",
      task: {
        name: "Check the order",
        candidateGroups: ["desk"],
        due: "P2D",
        calendar: "workdays",
        form: {
          type: "object",
          required: ["note"],
          properties: { note: { type: "string", minLength: 2 }, reason: { type: "string" } },
        },
        outcomes: [
          { event: "ACCEPT", label: "Accept" },
          { event: "REJECT", label: "Reject" },
        ],
      },
      on: {
        ACCEPT: [
          { target: "work", guard: 'vars.size = "large"', assign: { route: '"big"' } },
          { target: "work", assign: { route: '"small"' } },
        ],
        REJECT: { target: "rejected", guard: "string length(event.data.reason) > 0" },
      },
      after: [{ delay: "P5D", target: "expired" }],
    },
    work: {
      type: "parallel",
      task: {
        name: "Oversee the work",
        candidateGroups: ["lead"],
        outcomes: [{ event: "ABORT", label: "Abort" }],
      },
      on: { ABORT: "rejected" },
      onDone: "delivery",
      states: {
        parts: {
          initial: "ordering",
          states: {
            ordering: {
              on: { PARTS_IN: "partsReady" },
              after: [
                {
                  delay: "P1D",
                  assign: { reminders: "if vars.reminders = null then 1 else vars.reminders + 1" },
                  actions: [
                    {
                      type: "notify",
                      to: ["desk"],
                      message: '"parts still missing for " + vars.customer',
                    },
                  ],
                },
              ],
            },
            partsReady: { type: "final" },
          },
        },
        labour: {
          initial: "scheduling",
          task: {
            name: "Plan the labour",
            candidateGroups: ["lead"],
            due: { expr: 'duration("PT4H")' },
            outcomes: [{ event: "SCHEDULED", label: "Scheduled" }],
          },
          states: {
            scheduling: { on: { SCHEDULED: "labouring" } },
            labouring: {
              task: {
                name: "Do the work",
                candidateGroups: [{ expr: '"crew-" + vars.shop' }],
                due: { expr: 'now + duration("P3D")' },
                outcomes: [{ event: "DONE", label: "Done" }],
              },
              on: { DONE: "labourDone" },
            },
            labourDone: { type: "final" },
          },
        },
      },
    },
    delivery: {
      after: [{ delay: "P3D", calendar: "workdays", target: "closed" }],
      on: { PICKED_UP: { target: "closed", assign: { pickedUp: "true" } } },
    },
    expired: { type: "final" },
    rejected: { type: "final" },
    closed: { type: "final" },
  },
};

/** A parent that starts a child and waits for it; the child can be told to stop. */
export const parcelParent = {
  key: "parcel-batch",
  name: "Parcel batch",
  initial: "sorting",
  states: {
    sorting: {
      on: {
        SHIP: {
          target: "shipping",
          actions: [
            {
              type: "startProcess",
              key: "parcel-courier",
              variables: { parcel: "vars.parcel", tries: "0" },
            },
          ],
        },
      },
    },
    shipping: {
      on: {
        CHILD_DONE: [
          {
            target: "shipped",
            guard: 'event.data.state = "delivered"',
            assign: { courierTries: "event.data.vars.tries" },
          },
          { target: "lost" },
        ],
        RECALL: {
          actions: [{ type: "sendToChildren", event: "STOP", data: { why: '"recalled"' } }],
        },
        PING_BACK: { assign: { pinged: "true" } },
      },
    },
    shipped: { type: "final" },
    lost: { type: "final" },
  },
};

export const parcelCourier = {
  key: "parcel-courier",
  name: "Parcel courier",
  variables: {
    type: "object",
    required: ["parcel"],
    properties: { parcel: { type: "string" }, tries: { type: "number" } },
  },
  initial: "driving",
  states: {
    driving: {
      on: {
        ARRIVE: { target: "delivered", assign: { tries: "vars.tries + 1" } },
        STOP: { target: "returned" },
        PING: { actions: [{ type: "sendToParent", event: "PING_BACK", data: {} }] },
      },
    },
    delivered: { type: "final" },
    returned: { type: "final" },
  },
};

/** One state with a timer; `TICK` counts. */
export const metronome = {
  key: "metronome",
  name: "Metronome",
  initial: "waiting",
  states: {
    waiting: {
      after: [{ delay: "PT1M", target: "rang" }],
      on: { TICK: { assign: { ticks: "if vars.ticks = null then 1 else vars.ticks + 1" } } },
    },
    rang: { type: "final" },
  },
};
