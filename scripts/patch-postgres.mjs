// postgres.js 3.4.x can write to a connection whose socket was already closed
// (a small write deferred with setImmediate, or the next query on a reserved
// connection after its backend died): `socket.write` on null throws from a
// timer, where no caller can catch it, and the whole server process dies
// (porsager/postgres#1154, #1208; unfixed in 3.4.9). Until a release fixes it,
// this guard settles such a write as a closed connection instead: the query
// fails with CONNECTION_CLOSED (the API answers 503) and the pool reconnects.
// Runs as this package's postinstall; safe to run again; does nothing to a
// postgres.js whose code no longer matches.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const MARKER = "/* zhiben: guard closed socket */";
const ORIGINAL = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
const GUARDED = `  function nextWrite(fn) {
    ${MARKER}
    if (!socket) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options, socket))
      return false
    }
    const x = socket.write(chunk, fn)`;

let root;
try {
  // "postgres" resolves to <root>/cjs/src/index.js for require.
  root = join(dirname(createRequire(import.meta.url).resolve("postgres")), "..", "..");
} catch {
  process.exit(0); // postgres.js is not installed here
}
for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  const code = readFileSync(path, "utf8");
  if (code.includes(MARKER)) continue;
  if (!code.includes(ORIGINAL)) {
    console.warn(`patch-postgres: ${file} has changed; not patched`);
    continue;
  }
  writeFileSync(path, code.replace(ORIGINAL, GUARDED));
  console.log(`patch-postgres: guarded nextWrite in ${file}`);
}
