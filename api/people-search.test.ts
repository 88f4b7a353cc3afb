import { describe, expect, it } from "vitest";
import { matchesPerson, nameInitials } from "./people-search.js";

const chen = { username: "chenjun", name: "陈军", groups: ["team-north"] };

describe("finding a person", () => {
  it("by the name, its pinyin initials, the username or a group", () => {
    expect(nameInitials("陈军")).toBe("cj");
    for (const q of ["陈军", "陈", "cj", "CJ", "chenj", "north"])
      expect(matchesPerson(chen, q)).toBe(true);
    for (const q of ["张伟", "zw", "south"]) expect(matchesPerson(chen, q)).toBe(false);
  });
});
