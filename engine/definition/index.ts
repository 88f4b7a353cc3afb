/**
 * Definitions without a database (browser-safe): the format v1 schema,
 * validation, compilation to XState, and the pure step functions that the
 * designer's simulator shares with the engine.
 *
 * @example
 * ```ts
 * import { validateDefinition, compileDefinition, initialStep, step } from "zhiben/definition";
 * ```
 */
export * from "./schema.js";
export * from "./schedule-schema.js";
export { nextSlots, slotsBetween, slotsAfter } from "../schedules/schedule-slots.js";
export {
  describeEvery,
  describeSchedule,
  type SourceWords,
} from "../schedules/describe-schedule.js";
export { parseRepeatingInterval, type RepeatingInterval } from "../schedules/repeating-interval.js";
export { validateDefinition } from "./validate.js";
export {
  compileDefinition,
  timerEventType,
  TIMER_EVENT_PREFIX,
  type CompiledDefinition,
  type MachineEvent,
  type RuntimeAction,
  type ResolvedTask,
  type ResolvedTimer,
} from "./compile.js";
export { addDuration, dueAfter, parseDuration, isWorkday, type DueMoment } from "./duration.js";
export {
  createWorkingCalendar,
  addWorkdays,
  type WorkingCalendar,
  type CalendarDay,
  type CalendarDayKind,
} from "../calendar/working-calendar.js";
export { walkStates, transitionsOf, stateType, type StateEntry } from "./walk-states.js";
export type { EventMeta } from "./feel.js";
export {
  initialStep,
  step,
  tryStep,
  acceptedEvents,
  activeLeafStates,
  type StepResult,
  type StepRejection,
  type StepRefusal,
  type PersistedSnapshot,
} from "../runtime/step.js";
