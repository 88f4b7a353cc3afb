/**
 * Issue 14: a new user does the working day without meeting an English word or a code.
 * On the demo, each role signs in and visits every page its navigation reaches, a case
 * and a task of each process it has work in, the dashboard, ranking, calendar, notifications,
 * settings, the designer and the error pages; the visible text of each (folded parts
 * opened) may hold no Latin word outside a short allow-list, no UUID and no username.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUsers } from "../../processes/seed-demo.js";
import { eventually, startBrowserHarness, type BrowserHarness } from "./support/browser-harness.js";

let harness: BrowserHarness;

/**
 * Latin words a Chinese user reads as words of their own: file formats on buttons and
 * uploads, the expression language and the date standard (ISO 8601) the designer names, the kind of notification channel
 * that has no Chinese name in use (Webhook, beside 企业微信 and 钉钉), and the product's name.
 */
const allowed = new Set(["Excel", "JSON", "FEEL", "ISO", "PDF", "CSV", "Zhiben", "Webhook"]);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** 统一社会信用代码 (GB 32100-2015): a number people copy from the licence, letters and all. */
const CREDIT_CODE = /(?<![0-9A-Z])[0-9A-Z]{2}\d{6}[0-9A-Z]{10}(?![0-9A-Z])/g;
const LATIN_WORD = /[A-Za-z][A-Za-z0-9_-]*/g;

interface Finding {
  page: string;
  word: string;
  context: string;
}

/**
 * What a user reads on the page: the body's text with every folded part opened, and the
 * placeholders and tooltips. With `forAdmin`, less what is set apart as `<code>` and the
 * tooltips: the keys a process admin works with (a state's, an event's, a group's, an
 * internal variable's), each beside its name.
 */
async function visibleText(page: Page, forAdmin = false): Promise<string> {
  await eventually(() => page.locator(".status-view[role=status]").count()).toBe(0);
  return page.evaluate((admin) => {
    for (const details of document.querySelectorAll("details")) details.open = true;
    if (admin) for (const code of document.querySelectorAll("code")) code.textContent = "";
    const hints = [...document.querySelectorAll("[placeholder], [title]")].flatMap((e) => [
      e.getAttribute("placeholder") ?? "",
      admin ? "" : (e.getAttribute("title") ?? ""),
    ]);
    return [document.body.innerText, ...hints.filter(Boolean)].join("\n");
  }, forAdmin);
}

/** The English words, UUIDs and usernames in `text`, each with the line around it. */
function findings(pageName: string, text: string): Finding[] {
  const found: Finding[] = [];
  const context = (index: number, length: number) =>
    text
      .slice(Math.max(0, index - 30), index + length + 30)
      .replace(/\s+/g, " ")
      .trim();
  for (const match of text.matchAll(UUID))
    found.push({ page: pageName, word: match[0], context: context(match.index, match[0].length) });
  const withoutIds = text.replace(UUID, " ").replace(CREDIT_CODE, " ");
  for (const match of withoutIds.matchAll(LATIN_WORD)) {
    if (allowed.has(match[0])) continue;
    found.push({
      page: pageName,
      word: match[0],
      context: context(match.index, match[0].length),
    });
  }
  return found;
}

function report(all: Finding[]): string {
  return all.map((f) => `${f.page}: “${f.word}” in “${f.context}”`).join("\n");
}

const pathsOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

/**
 * The pages `username` reaches: the navigation, a case, one task of each process, each
 * process in the designer (for an admin), the rest.
 */
async function pagesOf(page: Page, username: string): Promise<string[]> {
  const navigation = await pathsOf(page, "#main-nav a");
  let designed: string[] = [];
  if (navigation.includes("/designer")) {
    await page.goto(`${harness.url}/designer`);
    await eventually(() => page.locator("main a[href^='/designer/']").count()).toBeGreaterThan(0);
    designed = await pathsOf(page, "main a[href^='/designer/']");
  }
  const cases = await harness.api<{ items: { id: string; processKey: string }[] }>(
    username,
    "GET",
    "/instances?limit=200",
  );
  const casePerProcess = new Map<string, string>();
  for (const found of cases.body.items)
    if (!casePerProcess.has(found.processKey)) casePerProcess.set(found.processKey, found.id);
  const tasks = await harness.api<{ items: { id: string; processKey: string }[] }>(
    username,
    "GET",
    "/tasks?limit=200",
  );
  const taskPerProcess = new Map<string, string>();
  for (const task of tasks.body.items)
    if (!taskPerProcess.has(task.processKey)) taskPerProcess.set(task.processKey, task.id);
  const enterprises = await harness.api<{ items: { id: string }[] }>(
    username,
    "GET",
    "/enterprises?limit=1",
  );
  return [
    ...new Set([
      ...navigation,
      "/inbox",
      "/instances",
      "/dashboard",
      "/ranking",
      "/calendar",
      "/notifications",
      "/start",
      ...(enterprises.body.items?.[0] ? [`/enterprises/${enterprises.body.items[0].id}`] : []),
      ...[...casePerProcess.values()].map((id) => `/instances/${id}`),
      ...[...taskPerProcess.values()].map((id) => `/tasks/${id}`),
      ...designed,
      "/no-such-page",
      "/instances/00000000-0000-4000-8000-000000000000",
      "/tasks/00000000-0000-4000-8000-000000000000",
    ]),
  ];
}

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: true });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

const roles: [string, string][] = [
  ["企业负责人", "huangzhiqiang"],
  ["村网格员", "chenjun"],
  ["乡应急办", "zhangwei"],
  ["分管领导", "wangqiang"],
  ["事故调查组", "wujing"],
  ["行业主管部门", "zhaomin"],
  ["执法队", "sunli"],
  ["纪检监察", "zhenghao"],
  ["企业档案管理员", "qianli"],
  ["管理员", "admin"],
];

describe("the working day without an English word or a code", () => {
  it.each(roles)("%s (%s) meets none on any page", async (_role, username) => {
    const { context, page } = await harness.signIn(username);
    const all: Finding[] = [];
    for (const path of await pagesOf(page, username)) {
      await page.goto(`${harness.url}${path}`);
      // Names arrive after the page (a group's name after the diagram): let the text settle.
      let text = await visibleText(page, username === "admin");
      for (let wait = 0; wait < 10 && findings(path, text).length > 0; wait++) {
        await page.waitForTimeout(300);
        text = await visibleText(page, username === "admin");
      }
      all.push(...findings(path, text));
      for (const user of demoUsers)
        if (new RegExp(`(^|[^A-Za-z])${user.username}([^A-Za-z]|$)`).test(text))
          all.push({ page: path, word: user.username, context: "username shown" });
    }
    if (all.length > 0) console.log(`${username}:\n${report(all)}`);
    expect(report(all)).toBe("");
    await context.close();
  });

  it("a refused action and a form's problems say what is wrong in Chinese", async () => {
    const { context, page } = await harness.signIn("zhangwei");
    const tasks = await harness.api<{
      items: { id: string; outcomes: { event: string }[] }[];
    }>("zhangwei", "GET", "/tasks?limit=200");
    const judgements = tasks.body.items.filter((t) =>
      t.outcomes.some((o) => o.event === "CONFIRM_MAJOR"),
    );
    expect(judgements.length).toBeGreaterThan(0);
    const judgement = judgements[0]!;
    await page.goto(`${harness.url}/tasks/${judgement.id}`);
    const confirm = page.locator("button[data-outcome=CONFIRM_MAJOR]");
    await confirm.waitFor();

    // The basis is required when confirming: the form says so at the field.
    await confirm.click();
    await eventually(() => page.locator(".field-error, .error-box").count()).toBeGreaterThan(0);
    const problems = await visibleText(page);
    expect(report(findings("form problems", problems))).toBe("");

    // Someone else decided meanwhile: the page refuses in Chinese.
    const done = await harness.api("zhangwei", "POST", `/tasks/${judgement.id}/complete`, {
      outcome: "CONFIRM_MAJOR",
      data: { basis: "《工贸企业重大事故隐患判定标准》第四条" },
    });
    expect(done.status).toBe(200);
    await page.getByLabel("判定依据").fill("第四条");
    await confirm.click();
    const refusal = page.locator(".error-box");
    await eventually(() => refusal.textContent()).toContain("此任务已由他人办理");
    expect(report(findings("refused action", await visibleText(page)))).toBe("");
    await context.close();
  });

  it("fits a 390 px phone: inbox, case list, case and task page; the textarea typed in stays clear of the outcome bar", async () => {
    const { context, page } = await harness.signIn("zhangwei", { width: 390, height: 700 });
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const tasks = await harness.api<{ items: { id: string; instanceId: string }[] }>(
      "zhangwei",
      "GET",
      "/tasks?limit=200",
    );
    // A task whose form has a textarea (the other tests may have done some of them).
    let withText: { id: string; instanceId: string } | undefined;
    for (const task of tasks.body.items) {
      await page.goto(`${harness.url}/tasks/${task.id}`);
      await visibleText(page);
      if ((await page.locator(".task-form textarea").count()) > 0) {
        withText = task;
        break;
      }
    }
    expect(withText).toBeDefined();
    for (const path of [
      "/inbox",
      "/instances",
      `/instances/${withText!.instanceId}`,
      `/tasks/${withText!.id}`,
    ]) {
      await page.goto(`${harness.url}${path}`);
      await visibleText(page);
      expect({ path, overflow: await overflow() }).toEqual({ path, overflow: 0 });
    }

    const field = page.locator(".task-form textarea").first();
    await field.click();
    // The field at the bottom of the screen, where a sticky bar would sit over it.
    await field.evaluate((textarea) => textarea.scrollIntoView({ block: "end" }));
    await page.keyboard.type("现场核查情况说明");
    const geometry = await page.evaluate(() => {
      const typed = document.activeElement!.getBoundingClientRect();
      const bar = document.querySelector(".outcomes")!.getBoundingClientRect();
      const header = document.querySelector(".app-header")!.getBoundingClientRect();
      return {
        tag: document.activeElement!.tagName,
        typedBottom: typed.bottom,
        headerBottom: header.bottom,
        // The bar covers the field only where both are on the screen.
        barTop: Math.min(bar.top, window.innerHeight),
      };
    });
    expect(geometry.tag).toBe("TEXTAREA");
    expect(geometry.typedBottom).toBeGreaterThan(geometry.headerBottom);
    // (Scrolling leaves a fraction of a pixel; a bar over the field covers some 60 px.)
    expect(geometry.typedBottom).toBeLessThanOrEqual(geometry.barTop + 1);
    await harness.screenshot(page, "task-page-phone-typing");
    await context.close();
  });
});
