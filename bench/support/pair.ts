/**
 * The one loop every bench uses to compare ours against its baseline (issue 17): the pair runs
 * three times interleaved (ours, baseline, ours, baseline, ours, baseline), so a passing burst of
 * load on this shared machine hits both sides; one line per run, then one summary line per figure:
 *
 *   <label>: median ratio R (spread MIN-MAX over 3 interleaved runs); ours V unit [p99 P ms], baseline V unit [p99 P ms]; load average at start L
 *
 * The ratio is always ours / baseline of the figure's own measure (throughput: higher is better;
 * time: lower is better; the label says which).
 */
import { loadavg } from 'node:os';

/** One side's result in one run: the figure's value, and the p99 in ms where latency is measured. */
export interface Measured {
  value: number;
  p99?: number;
}

export interface PairSummary {
  label: string;
  ratio: number;
  spread: readonly [number, number];
  ours: Measured;
  baseline: Measured;
  loadAverage: number;
}

export const RUNS = 3;

function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function digits(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function side(measured: Measured, unit: string): string {
  return `${digits(measured.value)} ${unit}${measured.p99 === undefined ? '' : ` p99 ${digits(measured.p99)} ms`}`;
}

/**
 * Runs `ours` and `baseline` RUNS times interleaved and prints each run and the summary line.
 * `run` is 0, 1, 2 (a side that consumes its input, like sealing, uses it to pick a fresh slice).
 */
export async function comparePair(
  label: string,
  unit: string,
  ours: (run: number) => Measured | Promise<Measured>,
  baseline: (run: number) => Measured | Promise<Measured>,
): Promise<PairSummary> {
  const loadAverage = loadavg()[0] ?? 0;
  const runs: { ours: Measured; baseline: Measured; ratio: number }[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const o = await ours(run);
    const b = await baseline(run);
    const ratio = b.value === 0 ? Number.NaN : o.value / b.value; // NaN: the baseline answered nothing (see its warning)
    runs.push({ ours: o, baseline: b, ratio });
    console.log(
      `  ${label}, run ${run + 1}/${RUNS}: ours ${side(o, unit)}; baseline ${side(b, unit)}; ratio ${ratio.toFixed(3)}`,
    );
  }
  const ratios = runs.map((run) => run.ratio);
  const medianOf = (pick: (run: (typeof runs)[number]) => Measured): Measured => {
    const p99s = runs.map((run) => pick(run).p99).filter((p99): p99 is number => p99 !== undefined);
    return { value: middle(runs.map((run) => pick(run).value)), ...(p99s.length ? { p99: middle(p99s) } : {}) };
  };
  const summary: PairSummary = {
    label,
    ratio: middle(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)],
    ours: medianOf((run) => run.ours),
    baseline: medianOf((run) => run.baseline),
    loadAverage,
  };
  console.log(
    `${label}: median ratio ${summary.ratio.toFixed(2)} (spread ${summary.spread[0].toFixed(2)}-${summary.spread[1].toFixed(2)} over ${RUNS} interleaved runs); ` +
      `ours ${side(summary.ours, unit)}, baseline ${side(summary.baseline, unit)}; load average at start ${loadAverage.toFixed(2)}`,
  );
  return summary;
}
