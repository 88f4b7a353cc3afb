import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Definition, HistoryEntry } from "../api/types.js";
import { submissionsByStep } from "./case-facts.js";
import { stepsOf } from "./step-list.js";

const shipped = (file: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../processes/${file}`, import.meta.url), "utf8"),
  ) as Definition;
const hazard = shipped("hazard-closure.json");

let seq = 0;
const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  seq: ++seq,
  at: `2026-11-${10 + seq}T06:00:00Z`,
  kind: "event",
  actor: "someone",
  event: null,
  from: [],
  to: [],
  data: null,
  ...over,
});

const history: HistoryEntry[] = [
  entry({ kind: "start", to: ["reported"], data: { title: "除尘系统未接地" } }),
  entry({
    event: "CONFIRM_MAJOR",
    from: ["reported"],
    to: ["registered"],
    data: { basis: "第十条" },
  }),
  entry({
    event: "SUBMIT_PLAN",
    from: ["registered"],
    to: ["planReview"],
    data: { measures: "初版" },
  }),
  entry({ event: "REJECT_PLAN", from: ["planReview"], to: ["registered"], data: { votes: [] } }),
  entry({
    event: "SUBMIT_PLAN",
    from: ["registered"],
    to: ["planReview"],
    data: { measures: "修订版", funds: 5000 },
  }),
  entry({ event: "APPROVE_PLAN", from: ["planReview"], to: ["rectifying"] }),
  entry({
    event: "SUBMIT_FIX",
    from: ["rectifying"],
    to: ["acceptance"],
    data: { fixReport: "已更换" },
  }),
];

describe("the case by step", () => {
  it("puts the latest submission first, each step once, earlier submissions beneath", () => {
    const steps = submissionsByStep(hazard, history);
    expect(steps.map((s) => s.title)).toEqual(["整改", "制定治理方案", "隐患判定"]);
    const plan = steps[1]!;
    expect(plan.submissions.map((s) => s.data.measures)).toEqual(["修订版", "初版"]);
    expect(plan.fields.get("funds")?.title).toBe("治理资金（元）");
    // The 现场验收 reviewer reads the 整改报告 under its title.
    expect(steps[0]!.fields.get("fixReport")?.title).toBe("整改报告");
  });

  it("lists the steps done, the current one and the next", () => {
    const steps = stepsOf(hazard, history, ["acceptance"]);
    expect(steps.current).toEqual(["验收"]);
    expect(steps.done).toEqual(["待判定", "已登记台账·待报方案", "方案审核", "整改中"]);
    expect(steps.next).toEqual(["已销号"]);
  });

  it("says where a timer leads and after how long when nobody has a task", () => {
    const escalation = shipped("rectification-escalation.json");
    const steps = stepsOf(
      escalation,
      [{ to: ["letter"] }, { to: ["afterLetter"] }],
      ["afterLetter"],
    );
    // The wait counts from the letter's date (an expression): without the timer, no moment.
    expect(steps.next).toEqual(["通报（到期后自动进入）"]);
    // With the pending timer the case view has, the moment the circular follows.
    const timed = stepsOf(
      escalation,
      [{ to: ["letter"] }, { to: ["afterLetter"] }],
      ["afterLetter"],
      [
        {
          state: "afterLetter",
          target: "circular",
          label: "函告后仍未整改",
          dueAt: "2026-11-22T16:00:00.000Z",
        },
      ],
    );
    expect(timed.next).toEqual(["通报（2026-11-23 00:00 自动进入）"]);
  });
});
