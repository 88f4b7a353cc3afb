/**
 * Regenerates the README's screenshots (docs/screenshots/) from the demo data:
 * `npx tsx test/browser/support/docs-screenshots.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { startServer } from "../../../api/server.js";
import { ensureWebBuilt } from "./web-build.js";

const outDir = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const adminPassword = "docs-admin-pass-1";
const demoPassword = "demo1234";

async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

await ensureWebBuilt();
const dataDir = mkdtempSync(path.join(tmpdir(), "zhiben-docs-"));
const server = await startServer({
  port: 0,
  database: "pglite://memory",
  seed: true,
  adminPassword,
  dataDir,
  quiet: true,
  jwtSecret: "docs-screenshots-secret-0123456789abcdef",
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=zh-CN"],
});
try {
  mkdirSync(outDir, { recursive: true });
  const options = {
    viewport: { width: 1200, height: 680 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  };

  const admin = await browser.newPage(options);
  await signIn(admin, server.url, "admin", adminPassword);
  await admin.goto(`${server.url}/designer/hazard-closure`);
  await admin.locator('.react-flow__node[data-id="registered"]').click();
  await admin.waitForTimeout(800);
  await admin.screenshot({ path: path.join(outDir, "designer.png") });

  const office = await browser.newPage(options);
  await signIn(office, server.url, "zhangwei", demoPassword);
  await office.locator(".task-card").first().waitFor();
  await office.screenshot({ path: path.join(outDir, "inbox.png") });
  console.log(`written to ${outDir}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
