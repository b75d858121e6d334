// Preloaded into the server under test (`node --expose-gc -r …/gc-on-signal.js`) by the ingest
// benchmark only: SIGUSR2 runs a full GC so memory per enrolled host is measured without garbage.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) process.on('SIGUSR2', () => gc());
