/**
 * What each browser test needs: the built app, a server on a free port with a fresh
 * database, Debian's chromium driven by playwright-core, and a few API calls to set up
 * and check what the user did.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { startServer, type RunningServer } from "../../../api/server.js";
import type { Clock } from "../../../engine/clock.js";
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
} from "../../../processes/directory/credit-code.js";
import { demoUsers } from "../../../processes/seed-demo.js";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.js";
import { ensureWebBuilt } from "./web-build.js";

export const ADMIN_PASSWORD = "admin-test-pass-1";
const screenshotDir = fileURLToPath(new URL("../../screenshots/", import.meta.url));

export interface BrowserHarness {
  url: string;
  server: RunningServer;
  browser: Browser;
  /** Calls the API as `username` (logging in once per user). */
  api<T = unknown>(
    username: string,
    method: string,
    apiPath: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>>;
  createUser(username: string, name: string, groups: string[]): Promise<void>;
  /** Files an enterprise (and its village) in the directory, unless it is there already. */
  fileEnterprise(enterprise: DirectoryEnterprise): Promise<void>;
  /** A fresh browser context signed in as the user, on their start page (/inbox, or /designer for an admin). */
  signIn(
    username: string,
    options?: { width?: number; height?: number },
  ): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export const USER_PASSWORD = "user-test-pass-1";

export interface DirectoryEnterprise {
  id: string;
  /** Default `<id> 企业`. */
  name?: string;
  village: string;
  industry: string;
}

/** A credit code that passes the check, made from the enterprise's id (test data only). */
function testCreditCode(id: string): string {
  let hash = 7;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) % 1_000_000_007;
  let body = "91360781";
  for (let i = 0; i < 9; i++) {
    body += CREDIT_CODE_CHARSET[hash % CREDIT_CODE_CHARSET.length];
    hash = Math.floor(hash / 7) + i * 13;
  }
  return body + creditCodeCheckCharacter(body);
}

/**
 * `clock`: the server's engine clock (a manual one lets a test play a past month).
 * `demo`: the server seeds the demo on its first start, and its users sign in with their demo password.
 */
export async function startBrowserHarness(
  options: { clock?: Clock; demo?: boolean } = {},
): Promise<BrowserHarness> {
  await ensureWebBuilt();
  const database: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "zhiben-browser-"));
  const server = await startServer({
    port: 0,
    database: database.url,
    seed: options.demo ?? false,
    adminPassword: ADMIN_PASSWORD,
    jwtSecret: "browser-test-secret-0123456789-abcdefghij",
    dataDir,
    quiet: true,
    role: "all",
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--lang=zh-CN",
    ],
  });
  const tokens = new Map<string, string>();
  const DIRECTORY_KEEPER = "directory-keeper";
  const passwords = new Map<string, string>([
    ["admin", ADMIN_PASSWORD],
    ...(options.demo ? demoUsers.map((u) => [u.username, u.password] as const) : []),
  ]);

  const token = async (username: string): Promise<string> => {
    const known = tokens.get(username);
    if (known) return known;
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: passwords.get(username) ?? USER_PASSWORD }),
    });
    const body = (await response.json()) as { token: string };
    if (!response.ok)
      throw new Error(`login ${username}: ${response.status} ${JSON.stringify(body)}`);
    tokens.set(username, body.token);
    return body.token;
  };

  const harness: BrowserHarness = {
    url: server.url,
    server,
    browser,
    async api<T>(username: string, method: string, apiPath: string, body?: unknown) {
      const response = await fetch(`${server.url}/api${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(username)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async createUser(username, name, groups) {
      const answer = await harness.api("admin", "POST", "/users", {
        username,
        name,
        password: USER_PASSWORD,
        groups,
      });
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(`create ${username}: ${JSON.stringify(answer.body)}`);
    },
    async fileEnterprise(enterprise) {
      if (!passwords.has(DIRECTORY_KEEPER)) {
        await harness.createUser(DIRECTORY_KEEPER, "企业档案管理员", ["directory-admin"]);
        passwords.set(DIRECTORY_KEEPER, USER_PASSWORD);
      }
      const village = await harness.api(DIRECTORY_KEEPER, "POST", "/villages", {
        code: enterprise.village,
        name: `${enterprise.village}村`,
      });
      if (village.status !== 201 && village.status !== 409)
        throw new Error(`village: ${JSON.stringify(village.body)}`);
      const filed = await harness.api(DIRECTORY_KEEPER, "POST", "/enterprises", {
        id: enterprise.id,
        creditCode: testCreditCode(enterprise.id),
        name: enterprise.name ?? `${enterprise.id} 企业`,
        village: enterprise.village,
        industry: enterprise.industry,
      });
      if (filed.status !== 201 && filed.status !== 409)
        throw new Error(`enterprise: ${JSON.stringify(filed.body)}`);
    },
    async signIn(username, options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.fill("input[name=username]", username);
      await page.fill("input[name=password]", passwords.get(username) ?? USER_PASSWORD);
      await page.click("button[type=submit]");
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
      return { context, page };
    },
    async screenshot(page, name) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * Starts a hazard as `office` (its enterprise filed in the directory first) and confirms
 * it as major: the enterprise then has the plan task.
 */
export async function reportMajorHazard(
  harness: BrowserHarness,
  office: string,
  variables: { title: string; enterpriseId: string; village: string; industry: string },
): Promise<string> {
  await harness.fileEnterprise({
    id: variables.enterpriseId,
    village: variables.village,
    industry: variables.industry,
  });
  const started = await harness.api<{ id: string }>(office, "POST", "/instances", {
    processKey: "hazard-closure",
    variables: {
      title: variables.title,
      enterpriseId: variables.enterpriseId,
      source: "inspection",
      foundAt: "2026-11-20",
    },
  });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  const tasks = await harness.api<{ items: { id: string }[] }>(
    office,
    "GET",
    `/tasks?instanceId=${started.body.id}`,
  );
  const judge = tasks.body.items[0];
  if (!judge) throw new Error("no judgement task");
  const done = await harness.api(office, "POST", `/tasks/${judge.id}/complete`, {
    outcome: "CONFIRM_MAJOR",
    data: { basis: "《重大事故隐患判定标准》第四条" },
  });
  if (done.status !== 200) throw new Error(`confirm: ${JSON.stringify(done.body)}`);
  return started.body.id;
}

/** `expect.poll` with a timeout that suits a browser on a busy CI machine (the default is 1 s). */
export const eventually: typeof expect.poll = (read, options) =>
  expect.poll(read, { timeout: 15_000, interval: 100, ...options });
