import { describe, expect, it } from "vitest";
import { feelSyntaxProblems } from "./feel-syntax.js";
import { formatPath, validateDefinition } from "./validate.js";

/** A made-up library loan: nested and parallel states, tasks (one on a parallel state), guards, timers, child processes. */
const libraryLoan = {
  key: "library-loan",
  name: "Library loan",
  variables: {
    type: "object",
    properties: {
      title: { type: "string" },
      member: { type: "string" },
      copies: { type: "integer", minimum: 0 },
      dueDate: { type: "string", format: "date-time" },
    },
    required: ["title", "member"],
  },
  visibility: ["librarians", { expr: '"branch-" + vars.branch' }],
  protectedVars: { memberPhone: ["librarians"] },
  initial: "requested",
  on: { WITHDRAW: { target: "withdrawn", guard: "vars.withdrawable = true" } },
  entry: [{ type: "notify", to: ["librarians"], message: '"New request: " + vars.title' }],
  states: {
    requested: {
      task: {
        name: "Check the request",
        candidateGroups: ["librarians", { expr: '"branch-" + vars.branch' }],
        due: "P2D",
        calendar: "workdays",
        form: { type: "object", properties: { note: { type: "string" } } },
        outcomes: [
          { event: "APPROVE", label: "Approve" },
          { event: "REJECT", label: "Reject" },
        ],
      },
      on: {
        APPROVE: [
          { target: "onLoan", guard: "vars.copies > 0", assign: { copies: "vars.copies - 1" } },
          { target: "waitlisted" },
        ],
        REJECT: "rejected",
      },
      after: [{ delay: "P5D", calendar: "workdays", target: "rejected" }],
    },
    waitlisted: {
      on: { COPY_RETURNED: "requested" },
      after: [{ delay: { expr: 'duration("P30D")' }, target: "rejected" }],
    },
    onLoan: {
      type: "parallel",
      task: {
        name: "Track the loan",
        assignee: { expr: "vars.member" },
        due: { expr: "vars.dueDate" },
        outcomes: [{ event: "RETURN", label: "Returned" }],
      },
      states: {
        lending: {
          initial: "borrowed",
          states: {
            borrowed: {
              on: {
                RENEW: {
                  target: "borrowed",
                  reenter: true,
                  guard: "vars.renewals < 2",
                  assign: { renewals: "vars.renewals + 1" },
                },
                RETURN: "returned",
              },
              after: [{ delay: { at: "date and time(vars.dueDate)" }, target: "overdue" }],
            },
            overdue: {
              entry: [
                {
                  type: "notify",
                  to: [{ expr: '"member:" + vars.member' }],
                  title: '"Overdue"',
                  message: '"Please return " + vars.title',
                },
              ],
              on: { RETURN: "returned" },
            },
            returned: {
              type: "final",
              entry: [
                { type: "sendToParent", event: "LOAN_RETURNED", data: { title: "vars.title" } },
              ],
            },
          },
        },
        billing: {
          initial: "checking",
          states: {
            checking: { on: { NO_FEE: "settled", FINE: "fined" } },
            fined: {
              entry: [
                {
                  type: "startProcess",
                  key: "fine-collection",
                  variables: { amount: "vars.fine" },
                  businessKey: "vars.member",
                },
              ],
              task: { name: "Collect the fine", outcomes: [{ event: "PAID", label: "Paid" }] },
              on: { PAID: { target: "settled", assign: { fine: "0" } } },
            },
            settled: { type: "final" },
          },
        },
      },
      onDone: "closed",
    },
    rejected: { type: "final" },
    withdrawn: {
      type: "final",
      entry: [{ type: "sendToChildren", event: "CANCEL", data: { reason: '"withdrawn"' } }],
    },
    closed: { type: "final" },
  },
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests edit fixtures freely

/** A copy of the fixture, changed by `edit`. */
function loanWith(edit: (definition: Json) => void): Json {
  const copy = structuredClone(libraryLoan) as Json;
  edit(copy);
  return copy;
}

const published = new Set(["library-loan", "fine-collection"]);
const isPublished = (key: string) => published.has(key);

function problemsOf(definition: unknown) {
  return validateDefinition(definition, { isPublished }).problems;
}

function pathsOf(definition: unknown): string[] {
  return problemsOf(definition).map((p) => p.path);
}

describe("validateDefinition", () => {
  it("accepts the library loan with no problems and returns the parsed definition", () => {
    const result = validateDefinition(libraryLoan, { isPublished });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.definition?.key).toBe("library-loan");
  });

  describe("schema", () => {
    it("reports a bad process key at `key`", () => {
      const problems = problemsOf(loanWith((d) => (d.key = "Library Loan")));
      expect(problems).toEqual([
        { path: "key", message: expect.stringContaining("流程标识为 2–64 个字符") },
      ]);
    });

    it("points an unknown field at the field itself", () => {
      const problems = problemsOf(
        loanWith((d) => (d.states.requested.on.APPROVE[0].gaurd = "vars.copies > 0")),
      );
      expect(problems).toEqual([
        { path: "states.requested.on.APPROVE[0].gaurd", message: '未知字段 "gaurd"' },
      ]);
    });

    it("says which types would do when a value fits no alternative", () => {
      const problems = problemsOf(loanWith((d) => (d.states.requested.on.REJECT = 5)));
      // REJECT is then handled by nothing, so its outcome is reported too.
      expect(problems).toContainEqual({
        path: "states.requested.on.REJECT",
        message: "应为字符串、对象或数组",
      });
    });

    it("points into the one alternative that fits the value's type", () => {
      const problems = problemsOf(loanWith((d) => (d.states.requested.on.REJECT = { target: 3 })));
      expect(problems).toContainEqual({
        path: "states.requested.on.REJECT.target",
        message: "应为字符串，实际为数字",
      });
    });

    it("explains a refused state key and still checks the rest", () => {
      const problems = problemsOf(loanWith((d) => (d.states["on loan"] = { type: "final" })));
      expect(problems).toContainEqual({
        path: 'states["on loan"]',
        message: "不是合法的状态标识（英文字母、数字、_ 和 -，以字母或 _ 开头）",
      });
      expect(problems).toContainEqual({
        path: 'states["on loan"]',
        message: '状态 "on loan" 无法从初始状态到达',
      });
    });

    it("reports a definition that is not an object", () => {
      expect(validateDefinition(null)).toEqual({
        valid: false,
        problems: [{ path: "", message: "应为对象，实际为null" }],
      });
    });
  });

  it("reports a state key used twice, at the second one", () => {
    const problems = problemsOf(
      loanWith((d) => {
        const billing = d.states.onLoan.states.billing;
        billing.states.requested = billing.states.checking;
        delete billing.states.checking;
        billing.initial = "requested";
      }),
    );
    expect(problems).toEqual([
      {
        path: "states.onLoan.states.billing.states.requested",
        message: '状态标识 "requested" 已在 states.requested 使用；整个流程中的状态标识不能重复',
      },
    ]);
  });

  describe("targets and initial states", () => {
    it("reports a target that names no state", () => {
      const problems = problemsOf(loanWith((d) => (d.states.requested.on.REJECT = "rejectd")));
      expect(problems).toEqual([
        { path: "states.requested.on.REJECT", message: '目标 "rejectd" 不是已有的状态标识' },
      ]);
    });

    it("reports unknown targets in onDone, after and the root `on`", () => {
      const paths = pathsOf(
        loanWith((d) => {
          d.states.onLoan.onDone = { target: "finished" };
          d.states.waitlisted.after[0].target = "expired";
          d.on.WITHDRAW.target = "gone";
        }),
      );
      expect(paths).toEqual(
        expect.arrayContaining([
          "states.onLoan.onDone.target",
          "states.waitlisted.after[0].target",
          "on.WITHDRAW.target",
        ]),
      );
    });

    it("reports a root initial that names no state, or a nested one", () => {
      expect(problemsOf(loanWith((d) => (d.initial = "start")))).toEqual([
        { path: "initial", message: '初始状态 "start" 不是已有的状态标识' },
      ]);
      expect(problemsOf(loanWith((d) => (d.initial = "borrowed")))).toContainEqual({
        path: "initial",
        message:
          '初始状态 "borrowed" 不是顶层状态（它在 states.onLoan.states.lending.states.borrowed）',
      });
    });

    it("requires a compound state's initial to name one of its children", () => {
      expect(problemsOf(loanWith((d) => delete d.states.onLoan.states.lending.initial))).toEqual([
        {
          path: "states.onLoan.states.lending.initial",
          message: "复合状态需要用 `initial` 指定一个子状态作为初始子状态",
        },
      ]);
      expect(
        problemsOf(loanWith((d) => (d.states.onLoan.states.lending.initial = "settled"))),
      ).toEqual([
        {
          path: "states.onLoan.states.lending.initial",
          message:
            '初始子状态 "settled" 不是此状态的子状态（可选："borrowed"、"overdue"、"returned"）',
        },
      ]);
    });

    it("refuses `initial` on a state with no children", () => {
      expect(problemsOf(loanWith((d) => (d.states.requested.initial = "checking")))).toEqual([
        {
          path: "states.requested.initial",
          message: "`initial`（初始子状态）只用于复合状态；此状态没有子状态",
        },
      ]);
    });

    it("requires a parallel state to have a region", () => {
      expect(problemsOf(loanWith((d) => (d.states.waitlisted.type = "parallel")))).toEqual([
        {
          path: "states.waitlisted.states",
          message: "并行状态至少需要一个子区域",
        },
      ]);
    });

    it("refuses states, on, after and task on a final state", () => {
      const problems = problemsOf(
        loanWith((d) => {
          d.states.rejected.on = { REOPEN: "requested" };
          d.states.rejected.after = [{ delay: "P1D", target: "requested" }];
          d.states.rejected.task = {
            name: "Look again",
            outcomes: [{ event: "REOPEN", label: "Reopen" }],
          };
          d.states.rejected.states = { inner: { type: "final" } };
        }),
      );
      expect(problems).toEqual([
        { path: "states.rejected.states", message: "终态不能有 `states`" },
        { path: "states.rejected.on", message: "终态不能有 `on`" },
        { path: "states.rejected.after", message: "终态不能有 `after`" },
        { path: "states.rejected.task", message: "终态不能有 `task`" },
      ]);
    });
  });

  describe("reachability", () => {
    it("reports a state nothing leads to", () => {
      expect(problemsOf(loanWith((d) => (d.states.archived = { type: "final" })))).toEqual([
        {
          path: "states.archived",
          message: '状态 "archived" 无法从初始状态到达',
        },
      ]);
    });

    it("reports an unreachable compound state once, not each of its children", () => {
      const problems = problemsOf(
        loanWith((d) => {
          d.states.archive = {
            initial: "boxed",
            states: { boxed: { on: { SHRED: "shredded" } }, shredded: { type: "final" } },
            onDone: "closed",
          };
        }),
      );
      expect(problems).toEqual([
        {
          path: "states.archive",
          message: '状态 "archive" 无法从初始状态到达（其中的子状态也都无法到达）',
        },
      ]);
    });

    it("counts a target inside a parallel state as entering every region", () => {
      // Only the billing region is targeted; lending is entered with it, so `overdue` stays reachable.
      const problems = problemsOf(
        loanWith((d) => {
          d.states.requested.on.APPROVE[0].target = "checking";
        }),
      );
      expect(problems).toEqual([]);
    });

    it("reports a child that the initial state skips and nothing targets", () => {
      const problems = problemsOf(
        loanWith(
          (d) => (d.states.onLoan.states.lending.states.borrowed.after[0].target = "returned"),
        ),
      );
      expect(problems).toEqual([
        {
          path: "states.onLoan.states.lending.states.overdue",
          message: '状态 "overdue" 无法从初始状态到达',
        },
      ]);
    });
  });

  describe("ways out", () => {
    /** Without the root WITHDRAW, every state must find its own way out. */
    const withoutRootOn = (edit: (d: Json) => void) =>
      loanWith((d) => {
        delete d.on;
        delete d.states.withdrawn;
        edit(d);
      });

    it("reports an atomic state with no transition out", () => {
      const problems = problemsOf(
        withoutRootOn((d) => {
          d.states.requested.on.PARK = "parked";
          d.states.parked = {
            label: "Parked",
            after: [{ delay: "P1D", assign: { reminded: "true" } }],
          };
        }),
      );
      expect(problems).toEqual([
        {
          path: "states.parked",
          message:
            '状态 "parked" 没有出路：它不是终态，也没有带目标的转移离开它、它的上级状态或整个流程',
        },
      ]);
    });

    it("accepts an atomic state that leaves through the root `on`", () => {
      const problems = problemsOf(
        loanWith((d) => {
          d.states.requested.on.PARK = "parked";
          d.states.parked = {};
        }),
      );
      expect(problems).toEqual([]);
    });

    it("accepts a waiting region whose sibling region leaves the parallel state", () => {
      const waitingBilling = (d: Json) =>
        (d.states.onLoan.states.billing = {
          initial: "awaitingInvoice",
          states: { awaitingInvoice: {} },
        });
      const problems = problemsOf(
        withoutRootOn((d) => {
          waitingBilling(d);
          d.states.onLoan.states.lending.states.overdue.on.LOST = "closed";
        }),
      );
      expect(problems).toEqual([]);
      // Without LOST, nothing can take the loan out of the parallel state while billing waits.
      expect(problemsOf(withoutRootOn(waitingBilling))).toEqual(
        [
          {
            path: "states.onLoan.states.billing.states.awaitingInvoice",
            message:
              '状态 "awaitingInvoice" 没有出路：它不是终态，也没有带目标的转移离开它、它的上级状态或整个流程',
          },
          {
            path: "states.closed",
            message: '状态 "closed" 无法从初始状态到达',
          },
        ].reverse(),
      );
    });

    it("reports a parallel state that is stuck once its regions complete", () => {
      const problems = problemsOf(withoutRootOn((d) => delete d.states.onLoan.onDone));
      expect(problems).toContainEqual({
        path: "states.onLoan",
        message:
          '状态 "onLoan" 完成后无处可去：请设置“完成后转到”（`onDone`），或在它或上级状态上加一个带目标的转移',
      });
      // Its regions are not blamed: a finished region waits for the others.
      expect(problems.map((p) => p.path)).toEqual(["states.closed", "states.onLoan"]);
    });
  });

  describe("FEEL expressions", () => {
    it("reports a guard that does not parse, with the position of the error", () => {
      const problems = problemsOf(
        loanWith((d) => (d.states.requested.on.APPROVE[0].guard = "vars.copies >")),
      );
      expect(problems).toEqual([
        {
          path: "states.requested.on.APPROVE[0].guard",
          message: "FEEL 表达式无法解析（第 14 个字符处：比较表达式不完整）：vars.copies >",
        },
      ]);
    });

    it("checks expressions everywhere they may be written", () => {
      const broken = "vars.x +";
      const lending = "states.onLoan.states.lending.states";
      const paths = pathsOf(
        loanWith((d) => {
          const { borrowed, overdue, returned } = d.states.onLoan.states.lending.states;
          const fined = d.states.onLoan.states.billing.states.fined;
          d.visibility[1].expr = broken;
          d.entry[0].message = broken;
          d.on.WITHDRAW.guard = broken;
          d.states.requested.task.candidateGroups[1].expr = broken;
          d.states.onLoan.task.assignee.expr = broken;
          d.states.onLoan.task.due.expr = broken;
          d.states.requested.on.APPROVE[0].assign.copies = broken;
          d.states.waitlisted.after[0].delay.expr = broken;
          borrowed.after[0].delay.at = broken;
          overdue.entry[0].to[0].expr = broken;
          overdue.entry[0].title = broken;
          returned.entry[0].data.title = broken;
          fined.entry[0].variables.amount = broken;
          fined.entry[0].businessKey = broken;
          d.states.withdrawn.entry[0].data.reason = broken;
          d.states.onLoan.states.billing.states.fined.on.PAID.assign.fine = broken;
          d.states.closed.entry = [{ type: "assign", assign: { closedAt: broken } }];
        }),
      );
      expect([...paths].sort()).toEqual(
        [
          "visibility[1].expr",
          "entry[0].message",
          "on.WITHDRAW.guard",
          "states.requested.task.candidateGroups[1].expr",
          "states.onLoan.task.assignee.expr",
          "states.onLoan.task.due.expr",
          "states.requested.on.APPROVE[0].assign.copies",
          "states.waitlisted.after[0].delay.expr",
          `${lending}.borrowed.after[0].delay.at`,
          `${lending}.overdue.entry[0].to[0].expr`,
          `${lending}.overdue.entry[0].title`,
          `${lending}.returned.entry[0].data.title`,
          "states.onLoan.states.billing.states.fined.entry[0].variables.amount",
          "states.onLoan.states.billing.states.fined.entry[0].businessKey",
          "states.withdrawn.entry[0].data.reason",
          "states.onLoan.states.billing.states.fined.on.PAID.assign.fine",
          "states.closed.entry[0].assign.closedAt",
        ].sort(),
      );
    });

    it("parses names the engine provides, as it will at run time", () => {
      // `instance` is also a FEEL keyword (`instance of`): it parses as a name only when in scope.
      const problems = problemsOf(
        loanWith((d) => {
          d.states.onLoan.states.billing.states.fined.entry[0].businessKey = "instance.businessKey";
          d.variables.properties["some copies"] = { type: "string" };
          d.states.onLoan.states.lending.states.borrowed.on.RENEW.guard = "vars.some copies > 0";
        }),
      );
      expect(problems).toEqual([]);
      expect(feelSyntaxProblems("vars.some copies > 0")).not.toEqual([]);
    });

    it("feelSyntaxProblems lists every syntax error with its position", () => {
      expect(feelSyntaxProblems("vars.copies - 1")).toEqual([]);
      expect(feelSyntaxProblems("a + b) * 2 +")).toEqual([
        {
          message: "第 6 个字符处：算术表达式中有无法识别的内容",
          from: 5,
          to: 6,
        },
        { message: "第 13 个字符处：算术表达式不完整", from: 12, to: 12 },
      ]);
    });
  });

  describe("task outcomes", () => {
    it("reports an outcome that no transition handles", () => {
      const problems = problemsOf(
        loanWith((d) => d.states.onLoan.task.outcomes.push({ event: "LOSE", label: "Lost" })),
      );
      expect(problems).toEqual([
        {
          path: "states.onLoan.task.outcomes[1].event",
          message:
            '没有转移处理办理结果的事件 "LOSE"（请在此状态、它的上级或下级状态、或整个流程的 `on` 中添加）',
        },
      ]);
    });

    it("accepts an outcome handled by an enclosing state or the root", () => {
      const problems = problemsOf(
        loanWith((d) => {
          d.states.onLoan.on = { LOSE: "closed" };
          d.states.onLoan.states.billing.states.fined.task.outcomes.push({
            event: "LOSE",
            label: "Lost",
          });
          d.states.requested.task.outcomes.push({ event: "WITHDRAW", label: "Withdraw" });
        }),
      );
      expect(problems).toEqual([]);
    });

    it("reports the same outcome event twice in one task", () => {
      const problems = problemsOf(
        loanWith((d) =>
          d.states.requested.task.outcomes.push({ event: "APPROVE", label: "Approve again" }),
        ),
      );
      expect(problems).toEqual([
        {
          path: "states.requested.task.outcomes[2].event",
          message: '办理结果的事件 "APPROVE" 在此任务中出现了两次',
        },
      ]);
    });
  });

  describe("startProcess", () => {
    const fined = "states.onLoan.states.billing.states.fined";

    it("reports a key that is not published", () => {
      const definition = loanWith(
        (d) => (d.states.onLoan.states.billing.states.fined.entry[0].key = "fine-colection"),
      );
      expect(problemsOf(definition)).toEqual([
        {
          path: `${fined}.entry[0].key`,
          message: '没有标识为 "fine-colection" 的已发布流程',
        },
      ]);
      // Without a way to ask, the key is not checked.
      expect(validateDefinition(definition).problems).toEqual([]);
    });

    it("accepts the definition's own key before its first publication", () => {
      const definition = loanWith(
        (d) => (d.states.onLoan.states.billing.states.fined.entry[0].key = "library-loan"),
      );
      expect(validateDefinition(definition, { isPublished: () => false }).problems).toEqual([]);
    });
  });

  describe("JSON Schemas of variables and forms", () => {
    it("requires an object schema for the variables", () => {
      expect(
        problemsOf(loanWith((d) => (d.variables = { type: "array", items: { type: "string" } }))),
      ).toEqual([
        { path: "variables.type", message: '必须是 "type": "object"（表单和启动变量都是对象）' },
      ]);
    });

    it("reports a form schema that ajv refuses, at the bad keyword", () => {
      const problems = problemsOf(
        loanWith((d) => (d.states.requested.task.form.properties.note.type = "strng")),
      );
      expect(problems).toEqual([
        {
          path: "states.requested.task.form.properties.note.type",
          message: "应为以下之一：array、boolean、integer、null、number、object、string",
        },
      ]);
    });

    it("reports a schema that does not compile", () => {
      const problems = problemsOf(
        loanWith((d) => (d.variables.properties.member = { $ref: "#/$defs/member" })),
      );
      expect(problems).toEqual([
        {
          path: "variables",
          message: expect.stringContaining(
            "不是可用的 JSON Schema：找不到引用的定义 #/$defs/member",
          ),
        },
      ]);
    });
  });

  describe("visibility and protected variables", () => {
    it("reports malformed protectedVars", () => {
      const problems = problemsOf(
        loanWith((d) => (d.protectedVars = { "member phone": ["librarians"], fine: [] })),
      );
      expect(problems).toEqual([
        { path: 'protectedVars["member phone"]', message: '"member phone" 不是合法的变量名' },
        {
          path: "protectedVars.fine",
          message: "请至少列出一个可以查看此变量的组",
        },
      ]);
    });

    it("reports a visibility entry that is neither a group nor an expression", () => {
      const problems = problemsOf(
        loanWith((d) => (d.visibility = ["librarians", { group: "x" }, 7])),
      );
      expect(problems).toEqual([
        { path: "visibility[1].expr", message: "必填（字符串）" },
        { path: "visibility[1].group", message: '未知字段 "group"' },
        { path: "visibility[2]", message: "应为字符串或对象" },
      ]);
    });
  });

  it("reserves the event names the engine uses", () => {
    const problems = problemsOf(
      loanWith((d) => {
        d.states.requested.on["xstate.done"] = "rejected";
        d.states.onLoan.task.outcomes.push({ event: "zb.timer", label: "Timer" });
        d.states.onLoan.on = { "zb.timer": "closed" };
        d.states.onLoan.states.lending.states.returned.entry[0].event = "xstate.init";
      }),
    );
    const reserved = (name: string) =>
      `事件名 "${name}" 是保留名：以 "xstate." 或 "zb." 开头的名称由引擎自己使用`;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'states.requested.on["xstate.done"]', message: reserved("xstate.done") },
        { path: "states.onLoan.task.outcomes[1].event", message: reserved("zb.timer") },
        { path: 'states.onLoan.on["zb.timer"]', message: reserved("zb.timer") },
        {
          path: "states.onLoan.states.lending.states.returned.entry[0].event",
          message: reserved("xstate.init"),
        },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it("returns all five problems of a definition that breaks five rules", () => {
    const result = validateDefinition(
      loanWith((d) => {
        d.states.requested.on.REJECT = "rejectd"; // unknown target
        d.states.archived = { type: "final" }; // unreachable
        d.states.waitlisted.on.COPY_RETURNED = { target: "requested", guard: "vars.copies >" }; // FEEL syntax
        d.states.onLoan.task.outcomes.push({ event: "LOSE", label: "Lost" }); // outcome without transition
        d.states.onLoan.states.billing.colour = "green"; // schema: unknown field
      }),
      { isPublished },
    );
    expect(result.valid).toBe(false);
    expect(result.definition).toBeUndefined();
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      [
        "states.requested.on.REJECT",
        "states.archived",
        "states.waitlisted.on.COPY_RETURNED.guard",
        "states.onLoan.task.outcomes[1].event",
        "states.onLoan.states.billing.colour",
      ].sort(),
    );
  });
});

describe("problems in Chinese", () => {
  /** English words an author could meet in a problem, outside names, keys and code. */
  const englishProse =
    /\b(the|is|are|not|cannot|must|expected|required|invalid|state|field|should|allowed|unknown|received)\b/i;
  /** Strips what is quoted or code (`on`, "rejectd", the FEEL text after the last colon). */
  const prose = (message: string) =>
    message
      .replace(/`[^`]*`/g, "")
      .replace(/"[^"]*"/g, "")
      .replace(/：[^：]*$/, "");

  it("words every problem of a broken definition in Chinese, keeping the path", () => {
    const { problems } = validateDefinition(
      loanWith((d) => {
        d.key = "Library Loan";
        d.states.requested.on.REJECT = "rejectd";
        d.states.requested.on.APPROVE[0].gaurd = "x";
        d.states.archived = { type: "final", on: { GO: "requested" } };
        d.states.parked = { label: "搁置" };
        d.states.waitlisted.on.COPY_RETURNED = { target: "requested", guard: "vars.copies >" };
        d.states.onLoan.task.outcomes.push({ event: "LOSE", label: "Lost" });
        d.states.onLoan.task.due = "30天";
        d.states.onLoan.task.priority = "high";
        d.states.onLoan.states.lending.initial = "settled";
        d.variables = { type: "array" };
        d.protectedVars = { "member phone": [] };
        d.states.onLoan.on = { "zb.timer": "closed" };
      }),
      { isPublished },
    );
    expect(problems.length).toBeGreaterThanOrEqual(12);
    for (const { path, message } of problems) {
      expect(path, message).not.toBe(undefined);
      expect(message, path).toMatch(/[\u4e00-\u9fff]/);
      expect(prose(message), `${path}: ${message}`).not.toMatch(englishProse);
    }
    expect(problems).toContainEqual({
      path: "states.onLoan.task.due",
      message: expect.stringContaining("不是 ISO 8601 时长"),
    });
    expect(problems).toContainEqual({
      path: "states.onLoan.task.priority",
      message: "应为数字，实际为字符串",
    });
  });
});

describe("formatPath", () => {
  it("writes dotted names, [n] for items and quotes names that are not plain", () => {
    expect(formatPath(["states", "reported", "on", "DISMISS", 0, "guard"])).toBe(
      "states.reported.on.DISMISS[0].guard",
    );
    expect(formatPath(["on", "xstate.init"])).toBe('on["xstate.init"]');
    expect(formatPath(["states", "待判定"])).toBe("states.待判定");
    expect(formatPath([])).toBe("");
  });
});
