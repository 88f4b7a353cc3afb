/**
 * Whether an actor is among those a definition lists for something: `starters`
 * (who may start an instance) and an event's `groups` (who may send it). An
 * item is a group name, or FEEL over `actor` and `vars` giving `true`, a group
 * name or a list of them. `process-admin` is always allowed. An expression that
 * fails allows no one (it never fails the request).
 *
 * @example
 * ```ts
 * const starters = ["safety-office", { expr: 'list contains(actor.groups, "enterprise-" + vars.enterpriseId)' }];
 * actorAllowed(starters, { vars: { enterpriseId: "e1" }, meta }); // true for a member of enterprise-e1
 * ```
 */
import { evaluateFeel, feelScope, type EventMeta } from "./feel.js";
import type { StringOrExpr } from "./schema.js";

const PROCESS_ADMIN = "process-admin";

export function actorAllowed(
  list: StringOrExpr[],
  input: {
    vars: Record<string, unknown>;
    event?: { type: string; data?: unknown };
    meta: EventMeta;
  },
): boolean {
  const { actor } = input.meta;
  if (actor.groups.includes(PROCESS_ADMIN)) return true;
  const scope = feelScope({
    vars: input.vars,
    event: input.event ?? { type: "zb.start" },
    meta: input.meta,
  });
  return list.some((item) => {
    if (typeof item === "string") return actor.groups.includes(item);
    let value: unknown;
    try {
      value = evaluateFeel(item.expr, scope);
    } catch {
      return false;
    }
    if (value === true) return true;
    const groups = Array.isArray(value) ? value : [value];
    return groups.some((group) => typeof group === "string" && actor.groups.includes(group));
  });
}
