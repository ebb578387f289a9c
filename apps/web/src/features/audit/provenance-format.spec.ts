import { describe, expect, it } from 'vitest';
import { factRows, json } from './provenance-format';

describe('provenance format', () => {
  it('flattens a facts snapshot into path: value rows, lists of plain values joined', () => {
    expect(
      factRows({
        primary: { siteCode: 'C20', laterality: null },
        symptoms: ['bleeding', 'pain'],
        metastases: [{ site: 'liver', count: 2 }],
        biomarkers: [],
      }),
    ).toEqual([
      ['primary.siteCode', 'C20'],
      ['primary.laterality', '—'],
      ['symptoms', 'bleeding, pain'],
      ['metastases.0.site', 'liver'],
      ['metastases.0.count', '2'],
      ['biomarkers', '(none)'],
    ]);
    expect(factRows(null)).toEqual([['value', '—']]);
  });

  it('shows a value as text: strings as they are, the rest as JSON, nothing as a dash', () => {
    expect(json('CAPOX')).toBe('CAPOX');
    expect(json({ t: 'T3' })).toBe('{"t":"T3"}');
    expect(json(undefined)).toBe('—');
  });
});
