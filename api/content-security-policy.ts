/**
 * Middleware: a strict Content-Security-Policy on every HTML page the server
 * sends. Only this origin's scripts run, never an inline one. `eval` is allowed
 * because ajv, which checks form and start-variable schemas in the designer and
 * in task forms exactly as the server does, compiles each schema to a function
 * (`new Function`); without it the designer cannot open. Styles may
 * be inline (React Flow and echarts set them); images also from `blob:` and
 * `data:` (upload previews, thumbnails); frames only from this origin (PDF
 * previews of attachments); nothing may frame the app from elsewhere. The API
 * reference page (`/api/docs`) starts Scalar with an inline script, so it
 * alone allows inline scripts.
 *
 * @example
 * ```ts
 * app.use("*", contentSecurityPolicy());
 * ```
 */
import type { MiddlewareHandler } from "hono";

const common = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
];

export const STRICT_CSP = [...common, "script-src 'self' 'unsafe-eval'"].join("; ");
const DOCS_CSP = [...common, "script-src 'self' 'unsafe-inline' 'unsafe-eval'"].join("; ");

export function contentSecurityPolicy(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // The API answers JSON (its reference page aside): its responses' headers are not read.
    const path = c.req.path;
    if (path.startsWith("/api/") && path !== "/api/docs") return;
    if (!c.res.headers.get("Content-Type")?.startsWith("text/html")) return;
    c.res.headers.set("Content-Security-Policy", path === "/api/docs" ? DOCS_CSP : STRICT_CSP);
  };
}
