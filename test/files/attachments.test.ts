/**
 * Attachments through the embedding API: upload, reference from a start and a task
 * completion in the same transaction, the checks on what a form may reference, and the
 * worker deleting uploads nobody used after a day.
 */
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import exifr from "exifr";
import { ValidationError, type Actor } from "../../engine/index.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";
import { PHOTO_GPS, photoWithGps, smallPdf, windowsProgram } from "../support/test-files.js";

const photoField = {
  type: "array",
  title: "现场照片",
  items: { type: "string", format: "x-file", "x-accept": ["image/*"] },
  "x-maxItems": 2,
};

const evidenceProcess = {
  key: "evidence-check",
  name: "附件测试",
  variables: {
    type: "object",
    required: ["title"],
    properties: { title: { type: "string" }, photos: photoField },
  },
  visibility: ["safety-office"],
  initial: "review",
  states: {
    review: {
      task: {
        name: "复核",
        candidateGroups: ["safety-office"],
        form: {
          type: "object",
          properties: {
            afterPhotos: { ...photoField, title: "整改后照片" },
            report: { type: "string", format: "x-file", "x-accept": ["application/pdf"] },
          },
        },
        outcomes: [{ event: "DONE", label: "完成" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

const office: Actor = { id: "zhang", groups: ["safety-office"] };
const other: Actor = { id: "li", groups: ["safety-office"] };
let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine();
  await t.engine.definitions.publish(evidenceProcess);
});
afterAll(async () => t?.close());

const upload = (bytes: Buffer, name: string, actor = office) =>
  t.engine.files.upload(Readable.from([bytes]), { name, actor });

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

describe("uploads", () => {
  it("keeps a photo's GPS as metadata, strips its EXIF from the served bytes and makes a thumbnail", async () => {
    const file = await upload(await photoWithGps(), "IMG_0001.jpg");
    expect(file).toMatchObject({
      name: "IMG_0001.jpg",
      contentType: "image/jpeg",
      hasThumbnail: true,
    });
    expect(file.metadata?.gps?.latitude).toBeCloseTo(PHOTO_GPS.latitude, 4);
    expect(file.metadata?.gps?.longitude).toBeCloseTo(PHOTO_GPS.longitude, 4);
    expect(file.metadata?.takenAt).toBe("2024-09-27T10:15:00");
    const served = await buffer((await t.engine.files.open(file.id)).body);
    expect(served.length).toBe(file.size);
    expect(await exifr.parse(served)).toBeUndefined();
    expect(served.includes(Buffer.from("SN-0042-SECRET"))).toBe(false);
    const thumbnail = await t.engine.files.open(file.id, "thumbnail");
    expect(thumbnail.contentType).toBe("image/webp");
    expect((await buffer(thumbnail.body)).subarray(8, 12).toString()).toBe("WEBP");
  });

  it("sniffs the type from the bytes: a program called .jpg is refused, a PDF called .jpg is a PDF", async () => {
    const problems = await problemsOf(upload(windowsProgram(), "现场照片.jpg"));
    expect(problems).toEqual([
      { path: "file", message: expect.stringContaining("不支持此文件类型") },
    ]);
    const pdf = await upload(smallPdf(), "scan.jpg");
    expect(pdf.contentType).toBe("application/pdf");
    expect(pdf.hasThumbnail).toBe(false);
  });
});

describe("references", () => {
  it("records the files of the start variables and of a task's form with the change", async () => {
    const before = await upload(await photoWithGps(), "before.jpg");
    const instance = await t.engine.instances.start(
      "evidence-check",
      { title: "配电房", photos: [before.id] },
      { actor: office },
    );
    expect((await t.engine.files.references(before.id)).map((r) => r.instanceId)).toEqual([
      instance.id,
    ]);
    const after = await upload(await photoWithGps({ color: "#888" }), "after.jpg");
    const report = await upload(smallPdf(), "report.pdf");
    const [task] = (await t.engine.tasks.list({ instanceId: instance.id })).items;
    await t.engine.tasks.complete(
      task!.id,
      { outcome: "DONE", data: { afterPhotos: [after.id], report: report.id } },
      office,
    );
    const attached = await t.engine.files.ofInstance(instance.id);
    expect(attached.map((a) => [a.file.name, a.reference.path, a.reference.taskId])).toEqual([
      ["before.jpg", "photos", null],
      ["after.jpg", "afterPhotos", task!.id],
      ["report.pdf", "report", task!.id],
    ]);
  });

  it("refuses another user's upload, a wrong type and too many files, and references nothing", async () => {
    const mine = await upload(smallPdf(), "mine.pdf");
    const theirs = await upload(await photoWithGps(), "theirs.jpg", other);
    const photos = await Promise.all(
      [1, 2, 3].map(() => photoWithGps().then((b) => upload(b, "p.jpg"))),
    );
    const problems = await problemsOf(
      t.engine.instances.start(
        "evidence-check",
        { title: "x", photos: [theirs.id, mine.id] },
        { actor: office },
      ),
    );
    expect(problems).toEqual([
      { path: "photos[0]", message: "文件不存在或已过期，请重新上传" },
      { path: "photos[1]", message: "文件类型不符：此处只接受图片" },
    ]);
    const tooMany = await problemsOf(
      t.engine.instances.start(
        "evidence-check",
        { title: "x", photos: photos.map((p) => p.id) },
        { actor: office },
      ),
    );
    expect(tooMany).toEqual([{ path: "photos", message: "最多上传 2 个文件" }]);
    for (const file of [mine, theirs, ...photos])
      expect(await t.engine.files.references(file.id)).toEqual([]);
  });
});

describe("unreferenced uploads", () => {
  it("are deleted by the worker a day after the upload; referenced ones stay", async () => {
    const unused = await upload(await photoWithGps(), "unused.jpg");
    const used = await upload(await photoWithGps(), "used.jpg");
    await t.engine.instances.start(
      "evidence-check",
      { title: "y", photos: [used.id] },
      { actor: office },
    );
    t.clock.advance(23 * 3600_000);
    await t.engine.runDueJobs();
    expect((await t.engine.files.get(unused.id)).id).toBe(unused.id);
    t.clock.advance(2 * 3600_000);
    await t.engine.runDueJobs();
    await expect(t.engine.files.get(unused.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.engine.files.open(unused.id, "thumbnail")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await t.engine.files.get(used.id)).name).toBe("used.jpg");
    await buffer((await t.engine.files.open(used.id)).body);
  });
});
