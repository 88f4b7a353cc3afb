// postgres.js 3.4.x can write to a connection whose socket was already closed
// (a small write deferred with setImmediate, or the next query on a reserved
// connection after its backend died): `socket.write` on null throws from a
// timer, where no caller can catch it, and the whole server process dies
// (porsager/postgres#1154, #1208; unfixed in 3.4.9). Until a release fixes it,
// this guard settles such a write as a closed connection instead: the query
// fails with CONNECTION_CLOSED (the API answers 503) and the pool reconnects.
//
// Second guard: both teardown paths (`closed`, `terminate`) cancel a deferred
// write without forgetting it, so the reconnected connection never schedules a
// write again and its startup or first query hangs, or stale bytes reach the new
// session (LanternOps/breeze#3225 has the analysis). They now drop it.
//
// Third guard: when a transaction's connection closes, `begin` rejects at once,
// but the transaction's code goes on, and its next statements, its ROLLBACK or
// its COMMIT, were sent on the same connection object after the pool had
// reconnected it for other work, where they could run in another session
// (porsager/postgres#1215, #1216). They are now refused with the close error.
//
// Fourth guard: `closed` keeps the query that was in flight, and the error the
// server sent for it (57P01 from pg_terminate_backend), after rejecting it. On
// the reconnected session the startup's ReadyForQuery then "answers" that stale
// query and replays the stale error onto the first new query
// (porsager/postgres#1223): one more 503 after every dropped connection. They
// are now forgotten when the connection closes.
//
// Fifth guard: a query that fails after some of its rows arrived (a row's
// division by zero, a statement timeout, or its backend terminated mid-stream)
// leaves the connection's row counter where it stopped, so the next query on
// that connection resolves with holes before its rows: `[empty, row]`, and
// `rows[0]` is undefined (porsager/postgres#1119, #1181). A user lookup then
// found "no such user" during a pg_terminate_backend storm. The counter is now
// reset at every ReadyForQuery, which precedes every query of a session.
//
// Sixth change, for speed: BEGIN is pipelined with the transaction's first
// statement. postgres.js sent BEGIN and waited for its answer before running the
// transaction's code, one round trip of a change's four (a socket write each way
// and a wake-up of the server). Now the transaction's code runs as soon as BEGIN
// has a connection (with none free, it waits for one, as before), and its first
// statement goes out in the same write as BEGIN. PostgreSQL answers in order, so
// nothing of the transaction is known before BEGIN's answer. BEGIN fails only with
// its connection; its error then refuses the transaction's later statements, as a
// lost connection does (third guard).
//
// Runs as this package's postinstall; safe to run again; does nothing to a
// postgres.js whose code no longer matches.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const MARKER = "/* zhiben: guard closed socket */";
const TEARDOWN_MARKER = "/* zhiben: forget the deferred write */";
const TEARDOWN = "\n    clearImmediate(nextWriteTimer)\n";
const LOST_MARKER = "/* zhiben: transaction connection lost */";
const LOST = "new Promise((_, reject) => connection.onclose = reject)";
const LOST_GUARDED = `new Promise((_, reject) => connection.onclose = e => (queries.lost = e, reject(e))) ${LOST_MARKER}`;
const LOST_HANDLER = "        q.catch(e => uncaughtError || (uncaughtError = e))\n";
const LOST_HANDLER_GUARDED = `${LOST_HANDLER}        if (queries.lost) return q.reject(queries.lost)\n`;
const PIPELINE_MARKER = "/* zhiben: BEGIN pipelined with the first statement */";
const BEGIN_AWAITED = `      await sql.unsafe('begin ' + options.replace(/[^a-z ]/ig, ''), [], { onexecute }).execute()
      return await Promise.race([
        scope(connection, fn),
`;
const BEGIN_PIPELINED = `      let assigned
      const onConnection = new Promise(resolve => assigned = resolve)
      const begun = sql.unsafe('begin ' + options.replace(/[^a-z ]/ig, ''), [], { onexecute: c => (onexecute(c), assigned()) }).execute()
      await Promise.race([onConnection, begun]) ${PIPELINE_MARKER}
      pipelined = true
      begun.catch(e => queries.lost || (queries.lost = e))
      return await Promise.race([
        scope(connection, fn),
        begun.then(() => new Promise(() => {})),
`;
// The connection waits in \`full\` (out of the pool) while BEGIN runs; the first statement goes out anyway.
const FIRST_QUEUED = `        c.queue === full
          ? queries.push(q)
          : c.execute(q) || move(c, full)
`;
const FIRST_PIPELINED = `        pipelined
          ? (pipelined = false, c.execute(q) || move(c, full))
          : c.queue === full
            ? queries.push(q)
            : c.execute(q) || move(c, full)
`;
const BEGIN_STATE = "    let savepoints = 0\n";
const BEGIN_STATE_PIPELINED = "    let savepoints = 0\n      , pipelined = false\n";
const STALE_MARKER = "/* zhiben: forget the closed session's query */";
const STALE = `    if (initial)
      return reconnect()

    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`;
const STALE_GUARDED = `    const lost = Errors.connection('CONNECTION_CLOSED', options, socket)
    !hadError && !initial && (query || sent.length) && error(lost)
    query && queryError(query, lost)
    query = results = errorResponse = null ${STALE_MARKER}
    result = new Result()
    if (initial)
      return reconnect()

`;
const ROWS_MARKER = "/* zhiben: each query counts its own rows */";
const ROWS =
  "    query = results = errorResponse = null\n    result = new Result()\n    connectTimer.cancel()\n";
const ROWS_GUARDED = `    query = results = errorResponse = null\n    result = new Result()\n    rows = 0 ${ROWS_MARKER}\n    connectTimer.cancel()\n`;
const TEARDOWN_GUARDED = `\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${TEARDOWN_MARKER}\n`;
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
for (const file of ["src/index.js", "cjs/src/index.js"]) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  let code = readFileSync(path, "utf8");
  const before = code;
  if (!code.includes(LOST_MARKER)) {
    if (code.split(LOST).length === 2 && code.split(LOST_HANDLER).length === 2)
      code = code.replace(LOST, LOST_GUARDED).replace(LOST_HANDLER, LOST_HANDLER_GUARDED);
    else console.warn(`patch-postgres: ${file} has changed; begin not patched`);
  }
  if (!code.includes(PIPELINE_MARKER)) {
    if (
      code.split(BEGIN_AWAITED).length === 2 &&
      code.split(FIRST_QUEUED).length === 2 &&
      code.split(BEGIN_STATE).length === 2
    )
      code = code
        .replace(BEGIN_AWAITED, BEGIN_PIPELINED)
        .replace(FIRST_QUEUED, FIRST_PIPELINED)
        .replace(BEGIN_STATE, BEGIN_STATE_PIPELINED);
    else console.warn(`patch-postgres: ${file} has changed; BEGIN not pipelined`);
  }
  if (code === before) continue;
  writeFileSync(path, code);
  console.log(`patch-postgres: patched ${file}`);
}
for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  let code = readFileSync(path, "utf8");
  const before = code;
  if (!code.includes(MARKER)) {
    if (code.includes(ORIGINAL)) code = code.replace(ORIGINAL, GUARDED);
    else console.warn(`patch-postgres: ${file} has changed; nextWrite not patched`);
  }
  if (!code.includes(TEARDOWN_MARKER)) {
    if (code.split(TEARDOWN).length === 3) code = code.replaceAll(TEARDOWN, TEARDOWN_GUARDED);
    else console.warn(`patch-postgres: ${file} has changed; teardown not patched`);
  }
  if (!code.includes(STALE_MARKER)) {
    if (code.split(STALE).length === 2) code = code.replace(STALE, STALE_GUARDED);
    else console.warn(`patch-postgres: ${file} has changed; closed() not patched`);
  }
  if (!code.includes(ROWS_MARKER)) {
    if (code.split(ROWS).length === 2) code = code.replace(ROWS, ROWS_GUARDED);
    else console.warn(`patch-postgres: ${file} has changed; ReadyForQuery not patched`);
  }
  if (code === before) continue;
  writeFileSync(path, code);
  console.log(`patch-postgres: guarded ${file}`);
}
