/**
 * JSON paths of definition problems, written the way a reader points at a
 * field: dotted names, `[n]` for array items, and `["…"]` for a name that is
 * not a plain identifier (an event called `xstate.done`, a key with spaces).
 *
 * @example
 * ```ts
 * formatPath(["states", "reported", "on", "DISMISS", 0, "guard"]); // "states.reported.on.DISMISS[0].guard"
 * formatPath(["on", "xstate.init"]);                                // 'on["xstate.init"]'
 * formatPath([]);                                                   // "" (the whole definition)
 * ```
 */

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/** A problem whose path is still a list of segments (formatted when it is reported). */
export interface PathProblem {
  path: JsonPath;
  message: string;
}

const PLAIN_NAME = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u;

export function formatPath(path: JsonPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (PLAIN_NAME.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
