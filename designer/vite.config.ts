import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const designerRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// The app imports the engine's browser-safe definition and runtime code from ../engine,
// so the simulator and live validation run the same code as the server.
export default defineConfig({
  root: designerRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { "/api": process.env.ZHIBEN_API_URL ?? "http://127.0.0.1:3000" },
  },
});
