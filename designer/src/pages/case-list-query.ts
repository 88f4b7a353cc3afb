/**
 * The case list's filters as they live in the page's URL, so that a link (a dashboard
 * number) opens the list filtered: `/instances?process=<key>&state=<state>&overdue=true
 * &village=<code>&enterprise=<id>&q=<text>&status=<running|completed|terminated|all>`,
 * and `var.<name>=<value>` for any other variable (`var.industry=工贸`).
 *
 * @example
 * ```ts
 * caseListQuery(new URLSearchParams("overdue=true&village=tf01"));
 * // { status: "running", overdue: "true", "var.village": "tf01" }
 * ```
 */
import type { InstanceQuery } from "../api/client.js";

export interface CaseFilters {
  process: string;
  /** running | completed | terminated | "" (all). */
  status: string;
  state: string;
  overdue: boolean;
  village: string;
  enterprise: string;
  q: string;
}

export function caseFilters(params: URLSearchParams): CaseFilters {
  const state = params.get("state") ?? "";
  const status = params.get("status");
  return {
    process: params.get("process") ?? "",
    // A state named in the link (a closed one too) is shown whatever its status; else the running ones.
    status: status === null ? (state ? "" : "running") : status === "all" ? "" : status,
    state,
    overdue: params.get("overdue") === "true",
    village: params.get("village") ?? "",
    enterprise: params.get("enterprise") ?? "",
    q: params.get("q") ?? "",
  };
}

/** The API query for the filters (`GET /api/instances`). */
export function caseListQuery(params: URLSearchParams): InstanceQuery {
  const f = caseFilters(params);
  const query: InstanceQuery = {};
  if (f.process) query.processKey = f.process;
  if (f.status) query.status = f.status;
  if (f.state) query.state = f.state;
  if (f.overdue) query.overdue = "true";
  if (f.village) query["var.village"] = f.village;
  if (f.enterprise) query["var.enterpriseId"] = f.enterprise;
  if (f.q.trim()) query.q = f.q.trim();
  // Any other variable a link names (`var.industry=工贸`, `var.grade=major`) passes through.
  for (const [name, value] of params)
    if (name.startsWith("var.") && value && !(name in query))
      query[name as `var.${string}`] = value;
  return query;
}

/** The URL after one filter changed; a state belongs to its process, so it goes with it. */
export function withFilter(
  params: URLSearchParams,
  name: "process" | "status" | "state" | "overdue" | "village" | "enterprise" | "q",
  value: string,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (name === "status" && value === "") next.set("status", "all");
  else if (value === "") next.delete(name);
  else next.set(name, value);
  if (name === "process") next.delete("state");
  return next;
}
