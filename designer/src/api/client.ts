/**
 * A typed client for the HTTP API (DESIGN.md §5). One function per route.
 *
 * @example
 * ```ts
 * const { items } = await api.tasks.list({ status: "open" });
 * ```
 */
import { request } from "./http.js";
import type {
  CalendarAuditEntry,
  CalendarChange,
  CalendarInput,
  Enterprise,
  EnterpriseInspectionSetting,
  Village,
  CalendarYear,
  Channel,
  ChannelInput,
  Delivery,
  DefinitionSummary,
  Draft,
  EnterpriseCase,
  Group,
  HistoryEntry,
  Instance,
  InstanceNames,
  LoginResponse,
  Notification,
  NotificationPage,
  Page,
  Problem,
  PublishedDefinition,
  SaveDraftResponse,
  Ranking,
  ScheduleList,
  ScheduleStatus,
  Task,
  TownshipRules,
  TownshipSettings,
  User,
  VersionSummary,
} from "./types.js";

export interface TaskQuery {
  mine?: boolean;
  instanceId?: string;
  status?: string;
  overdue?: boolean;
  processKey?: string;
  cursor?: string;
  limit?: number;
}

/** Someone a task may be handed to (`GET /api/tasks/{id}/delegates`). */
export interface DelegateCandidate {
  id: string;
  username: string;
  name: string;
  groups: string[];
}

export interface NotificationQuery {
  unread?: boolean;
  processKey?: string;
  /** Beijing dates, `2026-11-29`, both included. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface InstanceQuery {
  processKey?: string;
  status?: string;
  /** One of the active states. */
  state?: string;
  overdue?: "true" | "false";
  /** Text in the title, the business key or the enterprise's name. */
  q?: string;
  cursor?: string;
  limit?: number;
  /** A top-level variable's value: `var.village` → `"tf01"`. */
  [variable: `var.${string}`]: string | undefined;
}

const enc = encodeURIComponent;

export const api = {
  auth: {
    login: (username: string, password: string) =>
      request<LoginResponse>("/auth/login", { method: "POST", body: { username, password } }),
    me: () => request<User>("/me"),
    logout: () => request<null>("/auth/logout", { method: "POST" }),
  },
  definitions: {
    list: async () => unwrapList(await request<unknown>("/definitions")) as DefinitionSummary[],
    get: (key: string, version?: number) =>
      request<PublishedDefinition>(`/definitions/${enc(key)}`, { query: { version } }),
    versions: async (key: string) =>
      unwrapList(await request<unknown>(`/definitions/${enc(key)}/versions`)) as VersionSummary[],
    getDraft: (key: string) => request<Draft>(`/definitions/${enc(key)}/draft`),
    saveDraft: (key: string, definition: unknown, layout: unknown) =>
      request<SaveDraftResponse>(`/definitions/${enc(key)}/draft`, {
        method: "PUT",
        body: { definition, layout },
      }),
    publishDraft: (key: string) =>
      request<{ key: string; version: number }>(`/definitions/${enc(key)}/publish`, {
        method: "POST",
      }),
    validate: (definition: unknown, signal?: AbortSignal) =>
      request<{ problems: Problem[] }>("/definitions/validate", {
        method: "POST",
        body: definition,
        signal,
      }),
  },
  instances: {
    start: (
      processKey: string,
      variables: Record<string, unknown>,
      options: { businessKey?: string; idempotencyKey?: string } = {},
    ) =>
      request<Instance>("/instances", {
        method: "POST",
        body: { processKey, variables, businessKey: options.businessKey || undefined },
        idempotencyKey: options.idempotencyKey,
      }),
    list: (query: InstanceQuery = {}) =>
      request<Page<Instance>>("/instances", { query: { ...query } }),
    get: (id: string) => request<Instance>(`/instances/${enc(id)}`),
    history: async (id: string) =>
      unwrapList(await request<unknown>(`/instances/${enc(id)}/history`)) as HistoryEntry[],
    /** Names of the users and groups the instance mentions. */
    names: (id: string) => request<InstanceNames>(`/instances/${enc(id)}/names`),
    send: (id: string, type: string, data?: Record<string, unknown>) =>
      request<Instance>(`/instances/${enc(id)}/events`, { method: "POST", body: { type, data } }),
  },
  tasks: {
    list: (query: TaskQuery = {}) => request<Page<Task>>("/tasks", { query: { ...query } }),
    get: (id: string) => request<Task>(`/tasks/${enc(id)}`),
    claim: (id: string) => request<Task>(`/tasks/${enc(id)}/claim`, { method: "POST", body: {} }),
    unclaim: (id: string) =>
      request<Task>(`/tasks/${enc(id)}/unclaim`, { method: "POST", body: {} }),
    delegates: (id: string, q: string, signal?: AbortSignal) =>
      request<{ items: DelegateCandidate[] }>(`/tasks/${enc(id)}/delegates`, {
        query: { q: q || undefined },
        signal,
      }),
    delegate: (id: string, userId: string) =>
      request<Task>(`/tasks/${enc(id)}/delegate`, { method: "POST", body: { userId } }),
    complete: (
      id: string,
      outcome: string,
      data: Record<string, unknown>,
      idempotencyKey?: string,
    ) =>
      request<unknown>(`/tasks/${enc(id)}/complete`, {
        method: "POST",
        body: { outcome, data },
        idempotencyKey,
      }),
  },
  notifications: {
    list: (query: NotificationQuery = {}) =>
      request<NotificationPage>("/notifications", { query: { ...query } }),
    markRead: (id: string) =>
      request<Notification>(`/notifications/${enc(id)}/read`, { method: "POST" }),
    markAllRead: () =>
      request<{ marked: number; unread: number }>("/notifications/read-all", { method: "POST" }),
  },
  channels: {
    list: () => request<{ items: Channel[]; types: string[] }>("/channels"),
    create: (input: ChannelInput) => request<Channel>("/channels", { method: "POST", body: input }),
    update: (id: string, changes: Partial<ChannelInput>) =>
      request<Channel>(`/channels/${enc(id)}`, { method: "PATCH", body: changes }),
    remove: (id: string) => request<null>(`/channels/${enc(id)}`, { method: "DELETE" }),
  },
  deliveries: {
    dead: async () =>
      (await request<{ items: Delivery[] }>("/deliveries", { query: { status: "dead" } })).items,
    retry: (id: string) => request<Delivery>(`/deliveries/${enc(id)}/retry`, { method: "POST" }),
    ofInstance: async (id: string) =>
      (await request<{ items: Delivery[] }>(`/instances/${enc(id)}/deliveries`)).items,
  },
  townshipSettings: {
    get: () => request<TownshipSettings>("/township-settings"),
    set: (rules: TownshipRules) =>
      request<TownshipSettings>("/township-settings", { method: "PUT", body: rules }),
  },
  groups: {
    list: async () => (await request<{ items: Group[] }>("/groups")).items,
    rename: (key: string, name: string) =>
      request<Group>(`/groups/${enc(key)}`, { method: "PUT", body: { name } }),
  },
  schedules: {
    list: (processKey?: string) =>
      request<ScheduleList>("/schedules", { query: processKey ? { processKey } : {} }),
    pause: (processKey: string, key: string, reason: string) =>
      request<ScheduleStatus>(`/schedules/${enc(processKey)}/${enc(key)}/pause`, {
        method: "POST",
        body: { reason },
      }),
    resume: (processKey: string, key: string) =>
      request<ScheduleStatus>(`/schedules/${enc(processKey)}/${enc(key)}/resume`, {
        method: "POST",
        body: {},
      }),
  },
  calendar: {
    get: (year: number) => request<CalendarYear>(`/calendar/${year}`),
    changes: async (year: number) =>
      (await request<{ items: CalendarAuditEntry[] }>(`/calendar/${year}/changes`)).items,
    put: (year: number, body: CalendarInput) =>
      request<CalendarChange>(`/calendar/${year}`, { method: "PUT", body }),
  },
  ranking: {
    get: (period: string) => request<Ranking>("/ranking", { query: { period } }),
  },
  stats: {
    get: (path: string, query?: Record<string, string>) =>
      request<unknown>(`/stats/${path}`, { query }),
  },
  directory: {
    enterprises: (query: EnterpriseQuery = {}, signal?: AbortSignal) =>
      request<Page<Enterprise>>("/enterprises", { query: { ...query }, signal }),
    enterprise: (id: string) => request<Enterprise>(`/enterprises/${enc(id)}`),
    villages: (query: { q?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
      request<Page<Village>>("/villages", { query: { ...query }, signal }),
    village: (code: string) => request<Village>(`/villages/${enc(code)}`),
    industries: () =>
      request<{ items: { name: string; code?: string; highRisk: boolean }[] }>(
        "/directory/industries",
      ),
    history: (id: string) =>
      request<{
        items: {
          at: string;
          actor: string;
          actorName: string | null;
          action: string;
          changes: Record<string, unknown>;
        }[];
      }>(`/enterprises/${enc(id)}/history`),
    cases: (id: string) =>
      request<{
        hazards: EnterpriseCase[];
        escalations: EnterpriseCase[];
        accidents: EnterpriseCase[];
      }>(`/enterprises/${enc(id)}/cases`),
    inspections: (id: string) =>
      request<EnterpriseInspectionSetting>(`/inspection-settings/enterprises/${enc(id)}`),
    setInspections: (id: string, switches: { daily?: boolean | null; weekly?: boolean | null }) =>
      request<EnterpriseInspectionSetting>(`/inspection-settings/enterprises/${enc(id)}`, {
        method: "PUT",
        body: switches,
      }),
  },
};

export interface EnterpriseQuery {
  q?: string;
  village?: string;
  industry?: string;
  highRisk?: boolean;
  cursor?: string;
  limit?: number;
}

/** Lists come either bare or as `{ items }`. */
function unwrapList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    for (const name of ["items", "versions", "definitions", "history", "entries"]) {
      if (Array.isArray(record[name])) return record[name] as unknown[];
    }
  }
  return [];
}
