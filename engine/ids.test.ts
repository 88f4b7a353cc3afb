import { describe, expect, it } from "vitest";
import { newId } from "./ids.js";

describe("newId", () => {
  it("is a UUID v7: version 7, RFC 9562's variant, today's time in its first 48 bits", () => {
    const before = Date.now();
    const id = newId<string>();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it("is unique, and ids made in later milliseconds sort after earlier ones", async () => {
    const first = Array.from({ length: 1000 }, () => newId<string>());
    expect(new Set(first).size).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = newId<string>();
    expect(first.every((id) => id < later)).toBe(true);
  });
});
