import { describe, expect, it } from "vitest";
import { caseFilters, caseListQuery, withFilter } from "./case-list-query.js";

const query = (text: string) => caseListQuery(new URLSearchParams(text));

describe("the case list's URL", () => {
  it("turns a dashboard link into the API's filters", () => {
    expect(
      query("process=hazard-closure&overdue=true&village=tf01&enterprise=hongda&q=%20防爆%20"),
    ).toEqual({
      processKey: "hazard-closure",
      status: "running",
      overdue: "true",
      "var.village": "tf01",
      "var.enterpriseId": "hongda",
      q: "防爆",
    });
  });

  it("shows a named state whatever its status, and all cases when asked", () => {
    expect(query("process=hazard-closure&state=closed")).toEqual({
      processKey: "hazard-closure",
      state: "closed",
    });
    expect(query("status=all")).toEqual({});
    expect(query("")).toEqual({ status: "running" });
  });

  it("drops the state when the process changes and keeps 全部 in the URL", () => {
    const params = new URLSearchParams("process=hazard-closure&state=rectifying");
    expect(withFilter(params, "process", "tip-off-reward").toString()).toBe(
      "process=tip-off-reward",
    );
    expect(caseFilters(withFilter(params, "status", "")).status).toBe("");
    expect(withFilter(params, "overdue", "").get("overdue")).toBeNull();
  });
});
