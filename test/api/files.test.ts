/**
 * Attachments over HTTP: upload (multipart, streamed), download, who may read a file
 * (the case's readers, protected fields, the uploader until a case references it),
 * thumbnails with caching headers, signed links for `<img>` that expire, and files of a
 * case that retention archived.
 */
import exifr from "exifr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, json, type ApiHarness } from "./api-harness.js";
import { PHOTO_GPS, photoWithGps, smallPdf, windowsProgram } from "../support/test-files.js";

const photos = {
  type: "array",
  title: "现场照片",
  items: { type: "string", format: "x-file", "x-accept": ["image/*"] },
  "x-maxItems": 9,
};

/** A village case: its village's officers and the safety office see it. */
const villageCase = {
  key: "village-case",
  name: "村级案件",
  variables: {
    type: "object",
    required: ["title", "village"],
    properties: { title: { type: "string" }, village: { type: "string" }, photos },
  },
  visibility: ["safety-office", { expr: '"village-" + vars.village' }],
  initial: "check",
  states: {
    check: {
      label: "现场复核",
      task: {
        name: "复核",
        candidateGroups: ["safety-office"],
        form: {
          type: "object",
          properties: {
            afterPhotos: { ...photos, title: "整改后照片", "x-compareWith": "photos" },
          },
        },
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final", label: "已办结" },
  },
};

/** A tip-off: its evidence is as secret as the reporter. */
const tipOff = {
  key: "tip-off-case",
  name: "举报",
  variables: {
    type: "object",
    required: ["content"],
    properties: {
      content: { type: "string" },
      evidence: { ...photos, title: "举报人提供的证据" },
    },
  },
  visibility: ["safety-office", "law-enforcement"],
  protectedVars: { evidence: ["safety-office"] },
  initial: "verify",
  states: {
    verify: {
      task: {
        name: "核查",
        candidateGroups: ["law-enforcement"],
        outcomes: [{ event: "OK", label: "结束" }],
      },
      on: { OK: "done" },
    },
    done: { type: "final" },
  },
};

let h: ApiHarness;
let officeA: string; // village-a officer
let officeA2: string; // another village-a officer
let officeB: string; // village-b officer
let safety: string;
let safety2: string;
let police: string;

beforeAll(async () => {
  h = await createApiHarness({ files: { maxBytes: 6 * 1024 * 1024 } });
  const admin = await h.signIn("admin-f", ["process-admin"]);
  for (const definition of [villageCase, tipOff]) {
    const published = await h.call("POST", "/api/definitions", { token: admin, body: definition });
    expect(published.status, await published.clone().text()).toBeLessThan(300);
  }
  officeA = await h.signIn("officer-a", ["village-a"]);
  officeA2 = await h.signIn("officer-a2", ["village-a"]);
  officeB = await h.signIn("officer-b", ["village-b"]);
  safety = await h.signIn("safety-1", ["safety-office"]);
  safety2 = await h.signIn("safety-2", ["safety-office"]);
  police = await h.signIn("police-1", ["law-enforcement"]);
});
afterAll(async () => h?.close());

function form(bytes: Buffer, name: string): FormData {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(bytes)]), name);
  return body;
}

async function upload(token: string, bytes: Buffer, name: string) {
  const response = await h.call("POST", "/api/files", { token, body: form(bytes, name) });
  expect(response.status, await response.clone().text()).toBe(201);
  return json<{ id: string; name: string; size: number; contentType: string }>(response);
}

async function start(token: string, processKey: string, variables: Record<string, unknown>) {
  const response = await h.call("POST", "/api/instances", {
    token,
    body: { processKey, variables },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return json<{ id: string; vars: Record<string, unknown> }>(response);
}

const download = (token: string | undefined, id: string) =>
  h.call("GET", `/api/files/${id}`, token ? { token } : {});

describe("POST /api/files", () => {
  it("answers 201 with id, name, size and content type, and serves the photo without its EXIF", async () => {
    const bytes = await photoWithGps();
    const file = await upload(officeA, bytes, "现场照片 1.jpg");
    expect(Object.keys(file).sort()).toEqual(["contentType", "id", "name", "size"]);
    expect(file).toMatchObject({ name: "现场照片 1.jpg", contentType: "image/jpeg" });
    const served = await download(officeA, file.id);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("content-disposition")).toContain("inline");
    const body = Buffer.from(await served.arrayBuffer());
    expect(body.length).toBe(file.size);
    expect(await exifr.parse(body)).toBeUndefined();
    expect((await exifr.parse(bytes)).latitude).toBeCloseTo(PHOTO_GPS.latitude, 4);
  });

  it("refuses a program renamed .jpg with a field error in Chinese", async () => {
    const response = await h.call("POST", "/api/files", {
      token: officeA,
      body: form(windowsProgram(), "整改照片.jpg"),
    });
    expect(response.status).toBe(400);
    const problem = await json<{ errors: { path: string; message: string }[] }>(response);
    expect(problem.errors).toEqual([
      { path: "file", message: expect.stringMatching(/^不支持此文件类型：只能上传图片/) },
    ]);
  });

  it("refuses a file over the size limit with 413, and takes one over the 5 MB JSON body limit", async () => {
    const big = Buffer.concat([smallPdf(), Buffer.alloc(7 * 1024 * 1024, 0x20)]);
    const refused = await h.call("POST", "/api/files", {
      token: officeA,
      body: form(big, "a.pdf"),
    });
    expect(refused.status).toBe(413);
    expect((await json<{ errors: unknown[] }>(refused)).errors).toEqual([
      { path: "file", message: "文件超过 6 MB 的上限" },
    ]);
    const overJsonLimit = Buffer.concat([smallPdf(), Buffer.alloc(5.5 * 1024 * 1024, 0x20)]);
    const taken = await upload(officeA, overJsonLimit, "方案.pdf");
    expect(taken.size).toBe(overJsonLimit.length);
  });

  it("answers 400 without a part named file, 415 for a JSON body and 401 without a token", async () => {
    const noFile = new FormData();
    noFile.append("other", "x");
    const missing = await h.call("POST", "/api/files", { token: officeA, body: noFile });
    expect(missing.status).toBe(400);
    expect((await json<{ errors: unknown[] }>(missing)).errors).toEqual([
      { path: "file", message: "请选择要上传的文件" },
    ]);
    expect(
      (await h.call("POST", "/api/files", { token: officeA, body: { file: "x" } })).status,
    ).toBe(415);
    expect((await h.call("POST", "/api/files", { body: form(smallPdf(), "a.pdf") })).status).toBe(
      401,
    );
  });
});

describe("who may read a file", () => {
  it("the uploader alone until a case references it; then the case's readers, and not another village", async () => {
    const file = await upload(officeA, await photoWithGps(), "隐患.jpg");
    expect((await download(officeA, file.id)).status).toBe(200);
    expect((await download(officeA2, file.id)).status).toBe(404);
    expect((await download(safety, file.id)).status).toBe(404);

    const instance = await start(officeA, "village-case", {
      title: "护栏缺失",
      village: "a",
      photos: [file.id],
    });
    expect((await download(officeA2, file.id)).status).toBe(200);
    expect((await download(safety, file.id)).status).toBe(200);
    // Another village's officer may not read the case, nor its file: 404 as if it did not exist.
    expect(
      (await h.call("GET", `/api/instances/${instance.id}`, { token: officeB })).status,
    ).not.toBe(200);
    expect((await download(officeB, file.id)).status).toBe(404);
    expect((await h.call("GET", `/api/files/${file.id}/info`, { token: officeB })).status).toBe(
      404,
    );
    expect(
      (await h.call("GET", `/api/files/${file.id}/thumbnail`, { token: officeB })).status,
    ).toBe(404);
    expect((await download(undefined, file.id)).status).toBe(401);
  });

  it("hides a tip-off's evidence from those without the protected group", async () => {
    const evidence = await upload(safety, await photoWithGps(), "证据.jpg");
    const instance = await start(safety, "tip-off-case", {
      content: "非法储存液化气",
      evidence: [evidence.id],
    });
    expect((await download(safety2, evidence.id)).status).toBe(200);

    const seen = await json<{ vars: Record<string, unknown> }>(
      await h.call("GET", `/api/instances/${instance.id}`, { token: police }),
    );
    expect(seen.vars.content).toBe("非法储存液化气");
    expect(seen.vars).not.toHaveProperty("evidence");
    expect((await download(police, evidence.id)).status).toBe(404);
    expect((await h.call("GET", `/api/files/${evidence.id}/info`, { token: police })).status).toBe(
      404,
    );
    const list = await json<{ items: unknown[] }>(
      await h.call("GET", `/api/instances/${instance.id}/files`, { token: police }),
    );
    expect(list.items).toEqual([]);
    const forOffice = await json<{ items: { id: string; field: string }[] }>(
      await h.call("GET", `/api/instances/${instance.id}/files`, { token: safety2 }),
    );
    expect(forOffice.items.map((a) => [a.id, a.field])).toEqual([[evidence.id, "evidence"]]);
  });
});

describe("a case's attachments", () => {
  it("lists each with its field, state, GPS and working signed links; the thumbnail is cached", async () => {
    const before = await upload(officeA, await photoWithGps(), "整改前.jpg");
    const instance = await start(officeA, "village-case", {
      title: "配电箱",
      village: "a",
      photos: [before.id],
    });
    const tasks = await json<{ items: { id: string }[] }>(
      await h.call("GET", `/api/tasks?instanceId=${instance.id}`, { token: safety }),
    );
    const after = await upload(safety, await photoWithGps({ color: "#777" }), "整改后.jpg");
    const done = await h.call("POST", `/api/tasks/${tasks.items[0]!.id}/complete`, {
      token: safety,
      body: { outcome: "DONE", data: { afterPhotos: [after.id] } },
    });
    expect(done.status, await done.clone().text()).toBe(200);

    const list = await json<{
      items: {
        id: string;
        fieldTitle: string;
        stateLabel: string | null;
        gps: { latitude: number } | null;
        url: string;
        thumbnailUrl: string;
        referencedBy: string;
      }[];
    }>(await h.call("GET", `/api/instances/${instance.id}/files`, { token: officeA2 }));
    expect(list.items.map((a) => [a.id, a.fieldTitle, a.stateLabel, a.referencedBy])).toEqual([
      [before.id, "现场照片", null, "officer-a"],
      [after.id, "整改后照片", "现场复核", "safety-1"],
    ]);
    expect(list.items[0]!.gps?.latitude).toBeCloseTo(PHOTO_GPS.latitude, 4);

    // The links work without a token, as an <img> would load them.
    const image = await h.call("GET", list.items[1]!.url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).length).toBe(after.size);
    const thumbnail = await h.call("GET", list.items[1]!.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(thumbnail.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const etag = thumbnail.headers.get("etag")!;
    const again = await h.call("GET", list.items[1]!.thumbnailUrl, {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("signed links expire: refused once their time has passed, and a tampered one is not found", async () => {
    const file = await upload(officeA, smallPdf(), "方案.pdf");
    const info = await json<{ url: string; expiresAt: string; thumbnailUrl: string | null }>(
      await h.call("GET", `/api/files/${file.id}/info`, { token: officeA }),
    );
    expect(info.thumbnailUrl).toBeNull();
    const now = h.clock.now().getTime();
    const lasts = new Date(info.expiresAt).getTime() - now;
    expect(lasts).toBeGreaterThanOrEqual(600_000);
    expect(lasts).toBeLessThanOrEqual(1_200_000);
    expect((await h.call("GET", info.url)).status).toBe(200);
    // The signature's first character changed (to "A", or to "B" when it was "A").
    const tampered = info.url.replace(/sig=(.)/, (_, first: string) =>
      first === "A" ? "sig=B" : "sig=A",
    );
    expect(tampered).not.toBe(info.url);
    expect((await h.call("GET", tampered)).status).toBe(404);
    expect(
      (await h.call("GET", info.url.replace(file.id, "00000000-0000-4000-8000-000000000000")))
        .status,
    ).toBe(404);
    h.clock.advance(lasts + 1000);
    const expired = await h.call("GET", info.url);
    expect(expired.status).toBe(403);
    expect((await json<{ type: string }>(expired)).type).toBe("urn:zhiben:problem:link-expired");
  });

  it("files of a case that retention archived stay readable", async () => {
    const file = await upload(officeA, await photoWithGps(), "归档.jpg");
    const instance = await start(officeA, "village-case", {
      title: "归档案件",
      village: "a",
      photos: [file.id],
    });
    const tasks = await json<{ items: { id: string }[] }>(
      await h.call("GET", `/api/tasks?instanceId=${instance.id}`, { token: safety }),
    );
    await h.call("POST", `/api/tasks/${tasks.items[0]!.id}/complete`, {
      token: safety,
      body: { outcome: "DONE", data: {} },
    });
    h.clock.advance(400 * 86_400_000);
    await h.engine.runDueJobs();
    const archived = await h.engine.maintenance.archive();
    expect(archived.instances).toBeGreaterThan(0);
    // A year on, the tokens of the morning have expired: a fresh sign-in.
    const reader = await h.signIn("officer-a2", ["village-a"]);
    const served = await download(reader, file.id);
    expect(served.status).toBe(200);
    const list = await json<{ items: { id: string }[] }>(
      await h.call("GET", `/api/instances/${instance.id}/files`, { token: reader }),
    );
    expect(list.items.map((a) => a.id)).toEqual([file.id]);
  });
});
