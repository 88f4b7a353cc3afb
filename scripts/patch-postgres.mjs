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
// Seventh change, for speed: a transaction fails at COMMIT when a statement it did
// not wait for failed. The engine sends a change's write without waiting for its
// answer when the transaction's id is already known, so that the write and COMMIT
// go out together (one round trip fewer). PostgreSQL answers COMMIT in a failed
// transaction with ROLLBACK and no error; postgres.js then returned the
// transaction's value as if it had committed. The failed statement's error is
// now thrown after COMMIT (or, without one, an error saying the transaction was
// rolled back), and the transaction fails with it. A statement after the failed
// one fails with "current transaction is aborted" (25P02), and postgres.js then
// throws the first error instead; it now also does so when the 25P02 comes
// wrapped, as drizzle wraps it (DrizzleQueryError keeps it as its `cause`).
//
// Eighth change, for speed: statements written to a connection in one turn of the
// event loop leave in one socket write up to 64 KiB, not 1 KiB: a change's write
// (a few KiB of JSON) and its COMMIT then cost one write, not two. Smaller
// statements were already gathered so; a larger one still goes out at once.
//
// Ninth change, for speed: `Result` (an Array) and `Query` (a Promise) name their
// species with a static getter. On Node 20, V8 then never finishes optimizing them, nor
// the functions that construct them (`ReadyForQuery`, `unsafe`, the tagged `sql`): each
// attempt is thrown away ("Bailed out due to dependency change", `node --trace-opt`) and
// the next one begins, about 1 ms of compiling each, for good. The species is now a data
// property holding the same constructor, so `map`, `then` and the like still make a
// plain Array or Promise. `select 1` from 8 callers: 0.038–0.042 ms of Node CPU per
// statement before, 0.022–0.030 ms after, and no optimization abandoned.
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
// engine/store/drivers/postgres-patched.ts looks for this marker: without it, writes are awaited.
const COMMIT_MARKER = "/* zhiben: fail at COMMIT when an unawaited statement failed */";
const COMMIT = `      if (!name) {
        prepare
          ? await sql\`prepare transaction '\${ sql.unsafe(prepare) }'\`
          : await sql\`commit\`
      }
`;
const COMMIT_CHECKED = `      if (!name) {
        const ended = prepare
          ? await sql\`prepare transaction '\${ sql.unsafe(prepare) }'\`
          : await sql\`commit\`
        if (uncaughtError) ${COMMIT_MARKER}
          throw uncaughtError
        if (ended.command === 'ROLLBACK')
          throw Errors.generic('TRANSACTION_ROLLED_BACK', 'The transaction failed and was rolled back at COMMIT')
      }
`;
const ABORTED_MARKER = "/* zhiben: the first error, also under a wrapped 25P02 */";
const ABORTED =
  "        throw e instanceof PostgresError && e.code === '25P02' && uncaughtError || e\n";
const ABORTED_UNWRAPPED = `        throw [e, e && e.cause].some(x => x instanceof PostgresError && x.code === '25P02') && uncaughtError || e ${ABORTED_MARKER}\n`;
const SPECIES_MARKER = "/* zhiben: species as a data property */";
/** The getter, and the data property that replaces it, for a class whose species is `type`. */
const speciesGetter = (type) => `  static get [Symbol.species]() {\n    return ${type}\n  }\n`;
const speciesValue = (type) =>
  `  static { Object.defineProperty(this, Symbol.species, { value: ${type}, configurable: true }) } ${SPECIES_MARKER}\n`;
const GATHER_MARKER = "/* zhiben: gather a turn's writes up to 64 KiB */";
const GATHER = "    if (fn || chunk.length >= 1024)\n";
const GATHERED = `    if (fn || chunk.length >= 65536) ${GATHER_MARKER}\n`;
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

const INDEX = ["src/index.js", "cjs/src/index.js"];
const CONNECTION = ["src/connection.js", "cjs/src/connection.js"];
const RESULT = ["src/result.js", "cjs/src/result.js"];
const QUERY = ["src/query.js", "cjs/src/query.js"];
/**
 * Each change: the files it edits, the marker it leaves (already there: done), what
 * stays undone if the code no longer matches, and its edits, each `[from, to, times]`
 * (`from` must occur exactly `times` times, once by default; every occurrence is replaced).
 */
const CHANGES = [
  {
    files: INDEX,
    marker: LOST_MARKER,
    undone: "begin not patched",
    edits: [
      [LOST, LOST_GUARDED],
      [LOST_HANDLER, LOST_HANDLER_GUARDED],
    ],
  },
  {
    files: INDEX,
    marker: PIPELINE_MARKER,
    undone: "BEGIN not pipelined",
    edits: [
      [BEGIN_AWAITED, BEGIN_PIPELINED],
      [FIRST_QUEUED, FIRST_PIPELINED],
      [BEGIN_STATE, BEGIN_STATE_PIPELINED],
    ],
  },
  {
    files: INDEX,
    marker: ABORTED_MARKER,
    undone: "aborted transactions not unwrapped",
    edits: [[ABORTED, ABORTED_UNWRAPPED]],
  },
  {
    files: INDEX,
    marker: COMMIT_MARKER,
    undone: "COMMIT not checked",
    edits: [[COMMIT, COMMIT_CHECKED]],
  },
  {
    files: CONNECTION,
    marker: MARKER,
    undone: "nextWrite not patched",
    edits: [[ORIGINAL, GUARDED]],
  },
  {
    files: CONNECTION,
    marker: TEARDOWN_MARKER,
    undone: "teardown not patched",
    edits: [[TEARDOWN, TEARDOWN_GUARDED, 2]],
  },
  {
    files: CONNECTION,
    marker: STALE_MARKER,
    undone: "closed() not patched",
    edits: [[STALE, STALE_GUARDED]],
  },
  {
    files: CONNECTION,
    marker: GATHER_MARKER,
    undone: "writes not gathered",
    edits: [[GATHER, GATHERED]],
  },
  {
    files: CONNECTION,
    marker: ROWS_MARKER,
    undone: "ReadyForQuery not patched",
    edits: [[ROWS, ROWS_GUARDED]],
  },
  {
    files: RESULT,
    marker: SPECIES_MARKER,
    undone: "Result's species left a getter",
    edits: [[speciesGetter("Array"), speciesValue("Array")]],
  },
  {
    files: QUERY,
    marker: SPECIES_MARKER,
    undone: "Query's species left a getter",
    edits: [[speciesGetter("Promise"), speciesValue("Promise")]],
  },
];

for (const file of [...INDEX, ...CONNECTION, ...RESULT, ...QUERY]) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  const before = readFileSync(path, "utf8");
  let code = before;
  for (const { files, marker, undone, edits } of CHANGES) {
    if (!files.includes(file) || code.includes(marker)) continue;
    if (edits.every(([from, , times = 1]) => code.split(from).length === times + 1))
      for (const [from, to] of edits) code = code.replaceAll(from, to);
    else console.warn(`patch-postgres: ${file} has changed; ${undone}`);
  }
  if (code === before) continue;
  writeFileSync(path, code);
  console.log(`patch-postgres: patched ${file}`);
}
