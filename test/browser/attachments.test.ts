/**
 * Photos in a real browser, on a phone-sized screen: the safety office's acceptance task
 * shows the hazard's photos (整改前) beside its own upload; two photos are uploaded from
 * the task page, their thumbnails appear, the viewer shows one large; the acceptance is
 * submitted and the case's page lists all three on its attachment timeline, with GPS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  startBrowserHarness,
  USER_PASSWORD,
  type BrowserHarness,
} from "./support/browser-harness.js";
import { photoWithGps } from "../support/test-files.js";

let harness: BrowserHarness;
let hazardId: string;

/** Uploads as `username` through the API (multipart), as another device would have. */
async function uploadAs(username: string, bytes: Buffer, name: string): Promise<string> {
  const login = await fetch(`${harness.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: USER_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${harness.url}/api/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function completeTask(username: string, outcome: string, data: Record<string, unknown>) {
  const tasks = await harness.api<{ items: { id: string; outcomes: { event: string }[] }[] }>(
    username,
    "GET",
    `/tasks?instanceId=${hazardId}`,
  );
  const task = tasks.body.items.find((t) => t.outcomes.some((o) => o.event === outcome));
  if (!task) throw new Error(`no task offering ${outcome}`);
  const done = await harness.api(username, "POST", `/tasks/${task.id}/complete`, { outcome, data });
  if (done.status !== 200) throw new Error(`${outcome}: ${JSON.stringify(done.body)}`);
}

const inDays = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  harness = await startBrowserHarness();
  await harness.createUser("office-zhang", "应急办 张伟", ["safety-office"]);
  await harness.createUser("ent-e002", "铁峰化工 马静", ["enterprise-E002"]);
  await harness.createUser("sector-zhao", "经发办 赵敏", ["sector-dept"]);
  await harness.createUser("grid-v02", "网格员 李霞", ["village-V02"]);
  const before = await uploadAs(
    "office-zhang",
    await photoWithGps({ color: "#b33" }),
    "隐患现场.jpg",
  );
  await harness.fileEnterprise({
    id: "E002",
    name: "铁峰化工",
    village: "V02",
    industry: "危险化学品",
  });
  const started = await harness.api<{ id: string }>("office-zhang", "POST", "/instances", {
    processKey: "hazard-closure",
    variables: {
      title: "储罐区防火堤破损",
      enterpriseId: "E002",
      source: "inspection",
      foundAt: inDays(-1),
      hazardPhotos: [before],
    },
  });
  if (started.status !== 201) throw new Error(`start: ${JSON.stringify(started.body)}`);
  hazardId = started.body.id;
  await completeTask("office-zhang", "CONFIRM_MAJOR", {
    basis: "《危险化学品企业重大隐患判定标准》",
  });
  await completeTask("ent-e002", "SUBMIT_PLAN", {
    measures: "修复防火堤",
    funds: 30000,
    rectifyDeadline: inDays(30),
    responsible: "马静",
    emergencyPlan: "储罐区泄漏应急预案",
  });
  // 会签: the safety office and the sector department.
  await completeTask("office-zhang", "APPROVE_PLAN", { reviewOpinion: "同意" });
  await completeTask("sector-zhao", "APPROVE_PLAN", { reviewOpinion: "同意" });
  await completeTask("ent-e002", "SUBMIT_FIX", { fixReport: "防火堤已修复" });
  // The village's grid officer rechecks on site before the office's acceptance.
  await completeTask("grid-v02", "RECHECK_PASSED", { recheckOpinion: "防火堤已修复" });
});

afterAll(async () => {
  await harness?.close();
});

/** Whether every image in the locator has loaded (a broken link has no natural width). */
const allLoaded = (images: import("playwright-core").Locator) =>
  images.evaluateAll((list) =>
    list.every(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    ),
  );

describe("photos on the acceptance task, on a phone", () => {
  it("uploads two photos beside the hazard's, shows their thumbnails, opens the viewer, and lists them on the case", async () => {
    const { context, page } = await harness.signIn("office-zhang", { width: 390, height: 844 });
    const tasks = await harness.api<{ items: { id: string; name: string }[] }>(
      "office-zhang",
      "GET",
      `/tasks?instanceId=${hazardId}`,
    );
    const acceptance = tasks.body.items.find((t) => t.name === "现场验收")!;
    await page.goto(`${harness.url}/tasks/${acceptance.id}`);

    // The photos of the report, beside the field for the photos after the fix.
    const compare = page.getByRole("region", { name: "对照：隐患照片" });
    await eventually(() => compare.locator("img").count()).toBe(1);
    await eventually(() => allLoaded(compare.locator("img"))).toBe(true);

    const field = page.locator('.field[data-field="afterPhotos"]');
    expect(await field.locator('input[type=file][capture="environment"]').count()).toBe(1);
    await field.locator("input[type=file][multiple]").setInputFiles([
      {
        name: "整改后-1.jpg",
        mimeType: "image/jpeg",
        buffer: await photoWithGps({ color: "#2a2" }),
      },
      {
        name: "整改后-2.jpg",
        mimeType: "image/jpeg",
        buffer: await photoWithGps({ color: "#22a" }),
      },
    ]);
    const thumbnails = field.locator(".file-upload .file-thumbs img");
    await eventually(() => thumbnails.count()).toBe(2);
    await eventually(() => allLoaded(thumbnails)).toBe(true);
    await harness.screenshot(page, "attachments-phone-task");

    await field.getByRole("button", { name: "查看 整改后-2.jpg" }).click();
    const viewer = page.getByRole("dialog", { name: "查看附件：整改后-2.jpg" });
    await eventually(() => viewer.isVisible()).toBe(true);
    await eventually(() => allLoaded(viewer.locator("img.file-viewer-image"))).toBe(true);
    const shown = await viewer.locator("img.file-viewer-image").evaluate((img) => ({
      width: (img as HTMLImageElement).naturalWidth,
      box: img.getBoundingClientRect().width,
    }));
    expect(shown.width).toBe(800); // the photo itself, not its 320 px thumbnail
    expect(shown.box).toBeGreaterThan(300);
    expect(await viewer.textContent()).toContain("第 2 / 2 个");
    await harness.screenshot(page, "attachments-phone-viewer");
    await viewer.getByRole("button", { name: "关闭" }).click();
    await eventually(() => viewer.count()).toBe(0);

    await page.getByLabel("验收意见").fill("防火堤修复到位");
    await page.getByRole("button", { name: "验收合格，销号" }).click();
    await page.waitForURL(/\/inbox/);

    await page.goto(`${harness.url}/instances/${hazardId}`);
    const timeline = page.getByRole("list", { name: "附件" });
    await eventually(() => timeline.locator(".file-thumbs img").count()).toBe(3);
    const text = await timeline.textContent();
    expect(text).toContain("整改后照片");
    expect(text).toContain("隐患照片");
    expect(text).toContain("北纬 41.80833°，东经 123.41667°");
    await eventually(() => allLoaded(timeline.locator(".file-thumbs img"))).toBe(true);
    await context.close();
  });
});
