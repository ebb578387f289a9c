/**
 * Citations: every rule the library applies names where it comes from, so a clinician can
 * check it against the source.
 */

/**
 * `seed` = the pathway's source document; `update` = newer guidance named in PATHWAY.md;
 * `board` = the tumour board's own decision (board-authored plans, no pathway behind them).
 */
export type CitationKind = 'seed' | 'update' | 'board';

export interface Citation {
  readonly kind: CitationKind;
  /** The document, e.g. the seed file or 'KEYNOTE-177 (NEJM 2020)'. */
  readonly source: string;
  /** The section or trial/label part the rule rests on. */
  readonly section: string;
  /** The sentence of the source, verbatim where it is the seed. */
  readonly quote?: string;
}

/** `block`: the board must not sign off without a recorded override; `warn`: shown and recorded. */
export type Severity = 'block' | 'warn';

/** Renders a citation on one line, e.g. `seed § Pitfalls: "..."`. */
export function formatCitation(citation: Citation): string {
  const head = citation.kind === 'seed' ? `seed § ${citation.section}` : `${citation.source} (${citation.section})`;
  return citation.quote === undefined ? head : `${head}: "${citation.quote}"`;
}

/** Freezes an object graph (rule tables are shared by every plan and must never be mutated). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
