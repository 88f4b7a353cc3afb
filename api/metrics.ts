/**
 * Prometheus metrics (prom-client) in a registry of the app's own: request
 * counts and latencies by route, open tasks, due jobs, failed jobs, due dates
 * counted into a year whose holidays are not entered.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ engine });
 * app.use("*", metrics.middleware);
 * app.get("/metrics", async (c) => c.text(await metrics.registry.metrics()));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Engine, Workload } from "../engine/engine.js";

export interface Metrics {
  registry: Registry;
  middleware: MiddlewareHandler;
}

export function createMetrics(options: { engine: Engine; defaultMetrics?: boolean }): Metrics {
  const { engine } = options;
  const registry = new Registry();
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: "zhiben_" });

  const requests = new Counter({
    name: "zhiben_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "zhiben_http_request_duration_seconds",
    help: "HTTP request latency by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // One read of the engine's backlog serves the three gauges of one scrape.
  let pending: Promise<Workload> | null = null;
  const workload = () => {
    pending ??= engine.maintenance.workload().finally(() => {
      pending = null;
    });
    return pending;
  };
  new Gauge({
    name: "zhiben_open_tasks",
    help: "Tasks open or claimed",
    registers: [registry],
    async collect() {
      this.set((await workload()).openTasks);
    },
  });
  new Gauge({
    name: "zhiben_due_jobs",
    help: "Pending jobs whose time has come",
    registers: [registry],
    async collect() {
      this.set((await workload()).dueJobs);
    },
  });
  new Gauge({
    name: "zhiben_job_failures",
    help: "Jobs that failed for good (incidents), and jobs waiting to retry after a failure",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const { failedJobs, retryingJobs } = await workload();
      this.set({ state: "failed" }, failedJobs);
      this.set({ state: "retrying" }, retryingJobs);
    },
  });

  new Gauge({
    name: "zhiben_calendar_incomplete_deadlines",
    help: "Open tasks and pending timers whose working-day due dates were counted into a year whose holidays are not entered (weekends only)",
    labelNames: ["kind"] as const,
    registers: [registry],
    async collect() {
      const counts = await engine.calendar.countFlagged();
      this.set({ kind: "task" }, counts.tasks);
      this.set({ kind: "timer" }, counts.timers);
    },
  });

  // Each series' child, looked up once: prom-client otherwise hashes the labels on every request.
  const durations = new Map<string, { observe(seconds: number): void }>();
  const counts = new Map<string, { inc(): void }>();
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // The handler's route pattern (not the path, whose ids would make a series per instance).
      const route = handlerPath(c) ?? (c.req.path.startsWith("/api") ? "unmatched" : "static");
      const method = c.req.method;
      const series = `${method} ${route}`;
      let observed = durations.get(series);
      if (!observed) durations.set(series, (observed = duration.labels({ method, route })));
      observed.observe((performance.now() - started) / 1000);
      const status = String(c.res.status);
      let counted = counts.get(`${series} ${status}`);
      if (!counted)
        counts.set(`${series} ${status}`, (counted = requests.labels({ method, route, status })));
      counted.inc();
    }
  };
  return { registry, middleware };
}

/** The path pattern of the route that handled the request (the last one that is not middleware). */
function handlerPath(c: Parameters<typeof matchedRoutes>[0]): string | undefined {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!;
    if (route.method !== "ALL" && !route.path.endsWith("*")) return route.path;
  }
  return undefined;
}
