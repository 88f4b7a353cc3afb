/**
 * Finding a person by what someone typing knows: part of the display name (`陈军`), its
 * pinyin initials (`cj`), the username, or a group (`team-north`). Used by the 转办
 * picker; the caller then keeps those the task may go to.
 *
 * @example
 * ```ts
 * matchesPerson({ username: "chenjun", name: "陈军", groups: ["team-north"] }, "cj"); // true
 * ```
 */
import { pinyin } from "pinyin-pro";

export interface Person {
  username: string;
  name: string;
  groups: string[];
}

export function nameInitials(name: string): string {
  return pinyin(name, { pattern: "first", toneType: "none", type: "array" })
    .join("")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export function matchesPerson(person: Person, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return (
    person.name.toLowerCase().includes(q) ||
    person.username.toLowerCase().includes(q) ||
    nameInitials(person.name).startsWith(q) ||
    person.groups.some((g) => g.toLowerCase().includes(q))
  );
}
