/** Generic finding shape and ordering shared by every pathway. */
import type { Citation, Severity } from './citation';

export interface Finding<Code extends string = string> {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly citation: Citation;
  /** Ids of the events that triggered it (events without an id are named `events[<index>]`). */
  readonly eventIds: readonly string[];
  /** The day counts that triggered it, e.g. `{ daysFromLastFractionToChemotherapy: 19 }`. */
  readonly dayCounts: Readonly<Record<string, number>>;
}

/** Orders findings: blocks first, then by the pathway's code order, then by event ids. */
export function sortFindings<Code extends string>(
  findings: Finding<Code>[],
  codeOrder: readonly Code[],
): Finding<Code>[] {
  return findings.sort((a, b) => {
    if (a.severity !== b.severity) return a.severity === 'block' ? -1 : 1;
    if (a.code !== b.code) return codeOrder.indexOf(a.code) - codeOrder.indexOf(b.code);
    const ai = a.eventIds.join(',');
    const bi = b.eventIds.join(',');
    return ai < bi ? -1 : ai > bi ? 1 : 0;
  });
}
