/**
 * The engine's `x-ref` resolver for the township's rules: a start variable
 * `{"x-ref": "township-rules"}` holding `"township"` fills the variables its schema declares
 * from the rules in force at that moment (`afterExtension` ← `escalationAfterExtension`).
 * The escalation's start carries it, so each escalation follows the rule of its start.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ references: { ...townshipReferences() } });
 * ```
 */
import type { References } from "../../engine/references/reference-resolver.js";
import { readTownshipRules } from "./township-settings.js";

/** The one id the resolver knows: there is one township per deployment. */
export const TOWNSHIP_RULES_ID = "township";

export function townshipReferences(): References {
  return {
    "township-rules": {
      label: "乡镇规则",
      fill: { afterExtension: "escalationAfterExtension" },
      async lookup(ids, db) {
        if (!ids.includes(TOWNSHIP_RULES_ID)) return new Map();
        const rules = await readTownshipRules(db);
        return new Map([[TOWNSHIP_RULES_ID, { ...rules, name: "乡镇规则" }]]);
      },
    },
  };
}
