import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startServer, type RunningServer } from "../../api/server.js";

let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "zhiben-docs-"));
  server = await startServer({
    port: 0,
    database: "pglite://memory",
    dataDir,
    seed: false,
    adminPassword: "admin-password-1",
    quiet: true,
  });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the API reference renders in a browser and fetches nothing from outside the server", async () => {
  const page = await browser.newPage();
  const outside: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(server.url) && !url.startsWith("data:") && !url.startsWith("blob:"))
      outside.push(url);
  });
  await page.goto(`${server.url}/api/docs`);
  await page.getByText("Zhiben (治本) API").first().waitFor({ timeout: 20_000 });
  await page.getByText("/api/auth/login").first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1000);
  expect(outside).toEqual([]);
  await page.close();
});
