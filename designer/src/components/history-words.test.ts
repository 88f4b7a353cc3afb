import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Definition, HistoryEntry } from "../api/types.js";
import { describeEntry, eventLabel, groupName, personName } from "./history-words.js";

const shipped = (file: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../processes/${file}`, import.meta.url), "utf8"),
  ) as Definition;
const hazard = shipped("hazard-closure.json");
const escalation = shipped("rectification-escalation.json");
const names = { users: { zhangwei: "张伟" }, groups: { "safety-office": "安监办" } };
const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  seq: 1,
  at: "2026-11-29T06:00:00Z",
  kind: "event",
  actor: "zhangwei",
  event: null,
  from: [],
  to: [],
  data: null,
  ...over,
});

describe("history in words", () => {
  it("says who chose which outcome: 张伟 确认为重大事故隐患", () => {
    const line = describeEntry(
      entry({ event: "CONFIRM_MAJOR", from: ["reported"], to: ["registered"] }),
      hazard,
      names,
    );
    expect(line).toEqual({ who: "张伟", what: "确认为重大事故隐患" });
  });

  it("names a timer by its label, and the engine as 系统", () => {
    const line = describeEntry(
      entry({
        actor: "system",
        event: "zb.timer.afterLetter.0",
        from: ["afterLetter"],
        to: ["circular"],
      }),
      escalation,
      names,
    );
    expect(line).toEqual({ who: "系统", what: "函告后仍未整改" });
  });

  it("never shows an event key: an unknown event reads as 处理了案件", () => {
    expect(eventLabel(hazard, "SOMETHING_ELSE", ["reported"])).toBeNull();
    expect(describeEntry(entry({ event: "SOMETHING_ELSE" }), hazard, names).what).toBe(
      "处理了案件",
    );
    expect(describeEntry(entry({ kind: "start", event: null }), hazard, names).what).toBe("发起");
  });

  it("an automatic transition reads as 系统 自动流转", () => {
    const line = describeEntry(
      entry({ kind: "automatic", actor: "system", data: { reason: "举报须先现场核实" } }),
      hazard,
      names,
    );
    expect(line).toEqual({ who: "系统", what: "自动流转" });
  });

  it("a vote reads with the outcome's label", () => {
    const line = describeEntry(
      entry({ kind: "vote", event: "APPROVE_PLAN", from: ["planReview"], to: ["planReview"] }),
      hazard,
      names,
    );
    expect(line.what).toBe("表决：同意方案");
  });

  it("people and groups by name, unknown ones by their id", () => {
    expect(personName("zhangwei", names)).toBe("张伟");
    expect(personName("someone", names)).toBe("someone");
    expect(groupName("safety-office", names)).toBe("安监办");
  });
});
