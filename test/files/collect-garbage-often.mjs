// Preloaded (with --expose-gc) into the server whose memory test/files/upload-memory.test.ts
// measures: a scavenge every 10 ms frees the dead buffers of a passing upload at once, so
// the process's resident memory shows what it holds rather than what V8 has yet to collect.
const collect = globalThis.gc;
if (typeof collect === "function")
  globalThis.setInterval(() => collect({ type: "minor" }), 10).unref();
