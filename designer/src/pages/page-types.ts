export type { JsonSchema } from "../api/types.js";

/** Just enough of the state tree to name states. */
export type StateLabelTree = Record<string, { label?: string; states?: StateLabelTree }>;
