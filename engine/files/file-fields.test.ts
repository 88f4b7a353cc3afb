import { describe, expect, it } from "vitest";
import { fileCountProblems, fileFieldValues, fileReferences } from "./file-fields.js";

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const file = { type: "string", format: "x-file", "x-accept": ["image/*"] };
const schema = {
  type: "object",
  properties: {
    title: { type: "string" },
    photo: file,
    photos: { type: "array", items: file, "x-maxItems": 2 },
    plan: {
      type: "object",
      properties: { signed: { type: "array", items: { ...file, "x-maxItems": 1 } } },
    },
    checks: { type: "array", items: { type: "object", properties: { evidence: file } } },
  },
};

describe("fileFieldValues", () => {
  it("finds single ids, lists, nested objects and lists of objects, in the data's order", () => {
    const data = {
      checks: [{ evidence: id(5) }, { evidence: id(6) }],
      title: "x",
      photo: id(1),
      photos: [id(2), id(3)],
      plan: { signed: [id(4)] },
    };
    expect(fileFieldValues(schema, data).map((v) => [v.field, v.path, v.ids, v.maxItems])).toEqual([
      ["checks.evidence", "checks[0].evidence", [id(5)], 1],
      ["checks.evidence", "checks[1].evidence", [id(6)], 1],
      ["photo", "photo", [id(1)], 1],
      ["photos", "photos", [id(2), id(3)], 2],
      ["plan.signed", "plan.signed", [id(4)], 1],
    ]);
    expect(fileReferences(schema, data).map((r) => [r.fileId, r.field, r.path])).toEqual([
      [id(5), "checks.evidence", "checks[0].evidence"],
      [id(6), "checks.evidence", "checks[1].evidence"],
      [id(1), "photo", "photo"],
      [id(2), "photos", "photos[0]"],
      [id(3), "photos", "photos[1]"],
      [id(4), "plan.signed", "plan.signed[0]"],
    ]);
  });

  it("reports a list holding more files than x-maxItems allows; data without files gives nothing", () => {
    const values = fileFieldValues(schema, { photos: [id(1), id(2), id(3)] });
    expect(fileCountProblems(values)).toEqual([{ path: "photos", message: "最多上传 2 个文件" }]);
    expect(fileFieldValues(schema, { title: "x" })).toEqual([]);
    expect(fileFieldValues(null, { photo: id(1) })).toEqual([]);
  });
});
