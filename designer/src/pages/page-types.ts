export type { JsonSchema } from "../api/types.js";
