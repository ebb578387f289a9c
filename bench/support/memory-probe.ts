/**
 * Preloaded into an app process by the memory soak (`node --expose-gc --require .../memory-probe.js`),
 * the app's code untouched. It tells memory still referenced (a leak) from memory the process
 * holds but no longer uses (heap garbage not yet collected, committed heap not given back):
 *
 * - every second it writes the process's memory as V8 and Node see it to MEMORY_PROBE_FILE (one JSON
 *   object replacing the last), with the live heap measured after the last full GC V8 ran itself;
 * - when the bench creates `<MEMORY_PROBE_FILE>.gc`, it runs a full GC, waits a second for V8 to
 *   give the freed pages back, and writes the same sample taken then to `<MEMORY_PROBE_FILE>.after-gc`.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** What the probe writes, in bytes. */
export interface MemoryProbeSample {
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Heap in use just after the last full (mark-compact) GC that V8 ran on its own: what a leak grows. */
  heapUsedAfterLastFullGc: number;
}

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  let afterFullGc = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) afterFullGc = process.memoryUsage().heapUsed;
    }
  }).observe({ entryTypes: ['gc'] });
  const sample = (): MemoryProbeSample => ({
    at: Date.now(),
    ...process.memoryUsage(),
    heapUsedAfterLastFullGc: afterFullGc,
  });
  const write = (path: string, value: MemoryProbeSample): void => {
    writeFileSync(`${path}.tmp`, JSON.stringify(value));
    renameSync(`${path}.tmp`, path);
  };
  let collecting = false;
  setInterval(() => {
    write(file, sample());
    if (collecting || !existsSync(`${file}.gc`)) return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return;
    collecting = true;
    rmSync(`${file}.gc`, { force: true });
    gc();
    setTimeout(() => {
      write(`${file}.after-gc`, sample());
      collecting = false;
    }, 1_000).unref();
  }, 1_000).unref();
}
