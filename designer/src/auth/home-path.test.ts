import { describe, expect, it } from "vitest";
import { homePath } from "./home-path.js";

describe("homePath", () => {
  it("sends an admin without case work to the process list instead of an empty inbox", () => {
    expect(homePath({ groups: ["process-admin", "user-admin"] })).toBe("/designer");
    expect(homePath({ groups: ["user-admin"] })).toBe("/instances");
  });

  it("sends anyone with case work to the inbox, admins included", () => {
    expect(homePath({ groups: ["safety-office"] })).toBe("/inbox");
    expect(homePath({ groups: ["safety-office", "process-admin"] })).toBe("/inbox");
  });
});
