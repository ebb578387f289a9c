/** Micro-benchmark timing: median microseconds per op over batches, after a warm-up. No I/O. */

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Median microseconds per op over `batches` batches of `batchSize` ops, after `warmup` ops. */
export function measure(op: () => void, batches: number, batchSize: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) op();
  const perOp: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) op();
    perOp.push(Number(process.hrtime.bigint() - start) / 1000 / batchSize);
  }
  return median(perOp);
}
