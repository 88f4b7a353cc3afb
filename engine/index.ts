/**
 * Zhiben's embedding API: `import { createEngine } from "zhiben"`.
 *
 * @example
 * ```ts
 * import { createEngine, createManualClock } from "zhiben";
 * const engine = await createEngine({ database: "pglite://memory", clock: createManualClock() });
 * ```
 */
export { createEngine, type EngineOptions } from "./create-engine.js";
export type {
  Engine,
  Definitions,
  Instances,
  Tasks,
  Worker,
  Maintenance,
  ArchiveResult,
  TaskFilter,
  InstanceFilter,
  DefinitionSummary,
  ValidationResult,
  Files,
  CountedRow,
  InstanceCounts,
  Workload,
  IdempotencyKeys,
  KeptRequest,
} from "./engine.js";
export { mergeByKey, sumCounts } from "./service/instance-counts.js";
export type {
  StoredFile,
  FileMetadata,
  FileReference,
  Attachment,
  FileVariant,
} from "./files/file-types.js";
export type { FileOptions } from "./files/file-settings.js";
export type { FileStore, FileStoreDriver } from "./files/file-store.js";
export type {
  CalendarService,
  CalendarYear,
  CalendarChange,
  CalendarDayView,
  CalendarAuditEntry,
  FlaggedDeadline,
} from "./calendar/calendar-service.js";
export type { CalendarInput } from "./calendar/calendar-input.js";
export {
  createWorkingCalendar,
  type WorkingCalendar,
  type CalendarDay,
  type CalendarDayKind,
} from "./calendar/working-calendar.js";
export { createManualClock, systemClock, type Clock, type ManualClock } from "./clock.js";
export {
  EngineError,
  ValidationError,
  InvalidDefinitionError,
  NotFoundError,
  ForbiddenError,
  ConflictError,
  GuardRejectedError,
  EventNotAcceptedError,
  ExpressionError,
  UnavailableError,
  TooLargeError,
  type ErrorCode,
  type Problem,
} from "./errors.js";
export type { InstanceId, TaskId, JobId } from "./ids.js";
export {
  SYSTEM_ACTOR,
  type Actor,
  type Instance,
  type InstanceStatus,
  type Incident,
  type Task,
  type TaskStatus,
  type HistoryEntry,
  type HistoryKind,
  type PendingTimer,
  type PublishedDefinition,
  type DraftDefinition,
  type Page,
  type Notification,
  type NotificationSender,
  type EngineEvent,
} from "./types.js";
export type { Logger, JobPolicy } from "./service/context.js";
export type { Notifications } from "./notifications/notifications.js";
export type { NotificationOptions } from "./notifications/notification-settings.js";
export type {
  RecipientResolver,
  RecipientResolvers,
  RoleRecipient,
} from "./notifications/recipient-resolvers.js";
export type {
  ChannelSender,
  ChannelTarget,
  OutgoingMessage,
  SmsProvider,
  SendContext,
} from "./notifications/channel-sender.js";
export { SendError } from "./notifications/channel-sender.js";
export type { ChannelInput, ChannelView } from "./notifications/channel-store.js";
export type { DeliveryView, DeliveryStatus, DeliveryFilter } from "./notifications/delivery-log.js";
export type { InboxMessage, InboxFilter, InboxPage } from "./notifications/message-centre.js";
export { webhookSignature } from "./notifications/senders/webhook-sender.js";
export type { RetentionPolicy } from "./scheduler/archive.js";
export type { Database, Db, MigrationFolder } from "./store/database.js";
export type {
  References,
  ReferenceResolver,
  ReferencedRecord,
} from "./references/reference-resolver.js";
export {
  referenceFields,
  referenceOccurrences,
  type ReferenceField,
  type ReferenceOccurrence,
} from "./references/reference-fields.js";
export type { ReferenceLabel, ReferenceReader } from "./references/read-references.js";
export {
  createUserStore,
  publicUser,
  type UserStore,
  type UserRow,
  type NewUser,
  type PublicUser,
  type UserChanges,
} from "./identity/user-store.js";
export {
  createGroupNameStore,
  type GroupName,
  type GroupNameStore,
} from "./identity/group-name-store.js";
export { hashPassword, verifyPassword } from "./identity/password.js";
export { openDatabase, defaultDatabaseUrl } from "./store/open-database.js";
export * as schema from "./store/schema.js";
export { definitionSchema, type Definition } from "./definition/schema.js";
export { validateDefinition } from "./definition/validate.js";
export type {
  ScheduleItem,
  ScheduleSource,
  ScheduleSourceList,
  SourceQuery,
} from "./scheduler/schedule-source.js";
export type {
  Schedules,
  ScheduleStatus,
  ScheduleAuditEntry,
  SourceInfo,
} from "./service/schedules.js";
