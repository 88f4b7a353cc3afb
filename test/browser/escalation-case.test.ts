/**
 * Issue 14, finding 4: an escalation's case page names its hazard by title with a link
 * (not a UUID), its level by name (函告, not “level 1”), and after the letter says when
 * 通报 follows by itself instead of a bare “没有待办任务”; the overdue hazard's deadline
 * shows red on its case page and on the enterprise's 一企一档 page; the dashboard's level
 * figure and, once it is closed late, its 逾期销号 open the case list filtered to them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  reportMajorHazard,
  startBrowserHarness,
  type BrowserHarness,
} from "./support/browser-harness.js";

let harness: BrowserHarness;
let hazardId: string;
let escalationId: string;

/** A Beijing calendar day `offset` days from today. */
const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("zhangwei", "张伟", ["safety-office"]);
  hazardId = await reportMajorHazard(harness, "zhangwei", {
    title: "喷涂车间通风机停用",
    enterpriseId: "E201",
    village: "V21",
    industry: "工贸",
  });
  const engine = harness.server.engine;
  await engine.instances.send(hazardId, {
    type: "SUBMIT_PLAN",
    data: {
      measures: "修复通风机并联锁",
      funds: 20000,
      rectifyDeadline: day(30),
      responsible: "车间主任",
      emergencyPlan: "有限空间中毒应急预案",
    },
  });
  // A deadline already past, as the embedding code may set it: overdue at once.
  await engine.instances.send(hazardId, {
    type: "APPROVE_PLAN",
    data: { reviewOpinion: "同意", rectifyDeadline: day(-3) },
  });
  // The server's own worker may hold the due timer (PostgreSQL): run the due jobs until the
  // escalation is there, for ten seconds at most.
  const escalationOf = async () => {
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      await engine.runDueJobs();
      const [child] = (await engine.instances.list({ parentId: hazardId })).items;
      if (child) return child;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the overdue hazard started no escalation");
  };
  const escalation = await escalationOf();
  escalationId = escalation.id;
  const tasks = await harness.api<{ items: { id: string }[] }>(
    "zhangwei",
    "GET",
    `/tasks?instanceId=${escalationId}`,
  );
  const letter = await harness.api(
    "zhangwei",
    "POST",
    `/tasks/${tasks.body.items[0]!.id}/complete`,
    {
      outcome: "LETTER_SENT",
      data: { letterNo: "铁安监督〔2026〕21号", letterSentAt: day(-2) },
    },
  );
  if (letter.status !== 200) throw new Error(`letter: ${JSON.stringify(letter.body)}`);
});

afterAll(async () => {
  await harness?.close();
});

describe("an escalation's case page", () => {
  it("names the hazard with a link, the level by name, and when 通报 follows", async () => {
    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/instances/${escalationId}`);
    const hazardField = page.locator('dd[data-field="hazardId"]');
    await eventually(() => hazardField.textContent()).toBe("喷涂车间通风机停用");
    expect(await page.locator('dd[data-field="level"]').textContent()).toBe("函告");
    expect(await page.locator("body").textContent()).not.toContain(hazardId);

    // 15 days from the letter's date, at the start of that day.
    const circularAt = `${day(13)} 00:00`;
    expect(await page.getByTestId("next-step").textContent()).toBe(
      `没有待办任务；${circularAt} 自动进入「通报」（函告后仍未整改）`,
    );
    expect(await page.getByRole("list", { name: "办理进度" }).textContent()).toContain(
      `通报（${circularAt} 自动进入）`,
    );

    // The hazard: its overdue 整改 task's deadline in red.
    await hazardField.getByRole("link").click();
    await page.waitForURL(new RegExp(`/instances/${hazardId}$`));
    await page.getByRole("heading", { name: "喷涂车间通风机停用" }).waitFor();
    const due = page.locator(".instance-page .plain-list .danger");
    await eventually(() => due.textContent()).toContain("已超期");
    expect(await due.textContent()).toContain(`${day(-3)} 23:59`);

    // And on the enterprise's 一企一档 page.
    await page.goto(`${harness.url}/enterprises/E201`);
    const deadline = page.getByRole("region", { name: "在办隐患" }).getByTestId("case-deadline");
    await eventually(() => deadline.textContent()).toContain(`整改期限 ${day(-3)}（已超期）`);
    expect(await deadline.getAttribute("class")).toBe("danger");
    await context.close();
  });

  it("is counted on the dashboard, whose level figure opens the filtered case list", async () => {
    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/dashboard`);
    await page.getByRole("link", { name: "督办 1 级 函告 1", exact: true }).click();
    await page.waitForURL(/\/instances\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      process: "hazard-closure",
      status: "running",
      "var.escalationLevel": "1",
    });
    await eventually(() => page.locator(".case-row").allTextContents()).toEqual([
      expect.stringContaining("喷涂车间通风机停用"),
    ]);
    await context.close();
  });

  it("once closed late, is the dashboard's 逾期销号, which opens the closed-late cases", async () => {
    const engine = harness.server.engine;
    await engine.instances.send(hazardId, {
      type: "SUBMIT_FIX",
      data: { fixReport: "通风机已修复" },
    });
    await engine.instances.send(hazardId, { type: "RECHECK_PASSED", data: {} });
    await engine.instances.send(hazardId, { type: "ACCEPT", data: { acceptanceOpinion: "合格" } });
    const { context, page } = await harness.signIn("zhangwei");
    await page.goto(`${harness.url}/dashboard`);
    await page.getByRole("link", { name: "逾期销号 1", exact: true }).click();
    await page.waitForURL(/\/instances\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      process: "hazard-closure",
      state: "closed",
      "var.closedLate": "true",
    });
    await eventually(() => page.locator(".case-row").allTextContents()).toEqual([
      expect.stringContaining("喷涂车间通风机停用"),
    ]);
    await context.close();
  });
});
