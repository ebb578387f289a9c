/**
 * Validation of untrusted colon treatment events (e.g. from an HTTP body) into
 * ColonTreatmentEvent[], collecting every problem with its path ('events[1].regimens[0]').
 */
import { ProblemCollector, describeValue, isRecord, type FactProblem } from '../core/validation';
import { COLON_REGIMEN_CODES, type ColonRegimenCode } from './codes';
import type { ColonTreatmentEvent } from './events';

const KINDS = ['surgery', 'adjuvant-therapy'] as const;
const FIELDS: Record<(typeof KINDS)[number], readonly string[]> = {
  surgery: ['id', 'kind', 'date'],
  'adjuvant-therapy': ['id', 'kind', 'regimens', 'startDate', 'fluoropyrimidine', 'status'],
};

function requiredDate(p: ProblemCollector, field: string, value: unknown): string {
  if (value === undefined) p.add(field, `${field} is required: an ISO date (YYYY-MM-DD)`);
  return p.nullableDate(field, value) ?? '1970-01-01';
}

function readEvent(p: ProblemCollector, path: string, raw: Record<string, unknown>): ColonTreatmentEvent | undefined {
  const before = p.problems.length;
  const kind = p.oneOf(`${path}.kind`, raw['kind'], KINDS, 'surgery');
  if (p.problems.length > before) return undefined;
  p.unknownKeys(path, raw, FIELDS[kind]);
  const id = raw['id'] === undefined ? {} : { id: p.requiredText(`${path}.id`, raw['id']) };
  if (kind === 'surgery') return { ...id, kind, date: requiredDate(p, `${path}.date`, raw['date']) };
  const regimensRaw = raw['regimens'];
  const regimens: ColonRegimenCode[] = [];
  if (!Array.isArray(regimensRaw) || regimensRaw.length === 0) {
    p.add(
      `${path}.regimens`,
      `${path}.regimens must be a non-empty array of ${COLON_REGIMEN_CODES.join(', ')}, got ${describeValue(regimensRaw)}`,
    );
  } else {
    regimensRaw.forEach((regimen: unknown, index) =>
      regimens.push(p.oneOf(`${path}.regimens[${index}]`, regimen, COLON_REGIMEN_CODES, 'CAPOX_3M')),
    );
  }
  const event: ColonTreatmentEvent = {
    ...id,
    kind,
    regimens,
    startDate: requiredDate(p, `${path}.startDate`, raw['startDate']),
    ...(raw['fluoropyrimidine'] === undefined
      ? {}
      : {
          fluoropyrimidine: p.oneOf(
            `${path}.fluoropyrimidine`,
            raw['fluoropyrimidine'],
            ['capecitabine', '5-FU'] as const,
            '5-FU',
          ),
        }),
    ...(raw['status'] === undefined
      ? {}
      : { status: p.oneOf(`${path}.status`, raw['status'], ['planned', 'done'] as const, 'planned') }),
  };
  return event;
}

/** Validates untrusted events, naming every problem (`events[0].startDate`); never throws. */
export function validateColonTreatmentEvents(
  input: unknown,
): { ok: true; events: ColonTreatmentEvent[] } | { ok: false; problems: FactProblem[] } {
  const p = new ProblemCollector();
  if (!Array.isArray(input))
    return {
      ok: false,
      problems: [{ field: 'events', message: `events must be an array, got ${describeValue(input)}` }],
    };
  const events: ColonTreatmentEvent[] = [];
  input.forEach((raw: unknown, index) => {
    const path = `events[${index}]`;
    if (!isRecord(raw)) p.add(path, `${path} must be an object, got ${describeValue(raw)}`);
    else {
      const event = readEvent(p, path, raw);
      if (event !== undefined) events.push(event);
    }
  });
  return p.problems.length > 0 ? { ok: false, problems: p.problems } : { ok: true, events };
}
