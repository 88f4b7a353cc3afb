import { describe, expect, it } from "vitest";
import { sameDefinition, statusBadge } from "./status-badge.js";

describe("statusBadge", () => {
  it("says the new published version right after publishing, without 草稿", () => {
    expect(statusBadge({ viewVersion: null, publishedVersion: 3, draftDiffers: false })).toBe(
      "已发布第 3 版",
    );
  });

  it("says when the draft has changes, when nothing is published, and when a version is read-only", () => {
    expect(statusBadge({ viewVersion: null, publishedVersion: 3, draftDiffers: true })).toBe(
      "已发布第 3 版 · 草稿有修改",
    );
    expect(statusBadge({ viewVersion: null, publishedVersion: null, draftDiffers: true })).toBe(
      "未发布 · 草稿",
    );
    expect(statusBadge({ viewVersion: 2, publishedVersion: 3, draftDiffers: true })).toBe(
      "第 2 版 · 只读",
    );
  });
});

describe("sameDefinition", () => {
  it("ignores the order of keys, not the order of list items", () => {
    expect(sameDefinition({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameDefinition({ b: { c: [1, 2] } }, { b: { c: [2, 1] } })).toBe(false);
  });
});
