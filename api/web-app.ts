/**
 * Serves the built web app from `webRoot`: files as they are, and index.html
 * for any other GET outside `/api` (the app routes in the browser).
 *
 * @example
 * ```ts
 * app.route("/", webApp({ webRoot: "designer/dist" }));
 * ```
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Hono } from "hono";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

const notBuilt = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>治本 Zhiben</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>治本 Zhiben</h1><p>The web app is not built (run <code>npm run build:web</code>).
The API is running: see <a href="/api/docs">the API reference</a>.</p></body></html>`;

export function webApp(options: { webRoot: string }): Hono {
  const root = path.resolve(options.webRoot);
  const app = new Hono();

  const fileResponse = async (file: string, immutable: boolean) => {
    const body = await readFile(file);
    const type = contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": type,
        "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  };

  app.get("*", async (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path === "/api") return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    const file = path.resolve(root, "." + path.posix.normalize(decoded));
    if (file.startsWith(root + path.sep) && !decoded.includes("\0")) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) return fileResponse(file, decoded.startsWith("/assets/"));
    }
    // Missing files with an extension are real 404s; anything else is a route of the app.
    if (path.extname(decoded) && !decoded.endsWith(".html")) return next();
    const index = path.join(root, "index.html");
    if (existsSync(index)) return fileResponse(index, false);
    return c.html(notBuilt);
  });

  return app;
}
