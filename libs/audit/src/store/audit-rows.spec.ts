import { auditLeafHash, canonicalAuditEvent } from '../core/audit-leaf';
import {
  canonicalLeafOfTextRow,
  eventRowOf,
  LEAF_COLUMN,
  LEAF_COLUMN_COUNT,
  leafFieldsOf,
  leafHashOfTextRow,
  leafTextRows,
  type LeafTextRow,
} from './audit-rows';

/** A text row as LEAF_COLUMNS reads it, every column filled unless overridden. */
function textRow(overrides: Partial<Record<keyof typeof LEAF_COLUMN, string | null>>): LeafTextRow {
  const row: (string | null)[] = [
    '42',
    '0b7c1c9e-5d0a-4b53-9f51-6f3f2b1c0a11',
    '2026-11-27T05:36:00.123Z',
    'U',
    'case.update',
    'SUCCESS',
    'ok',
    '4a1d2f8e-1c3b-4e5f-8a9b-0c1d2e3f4a5b',
    '["CLINICIAN","CHAIR"]',
    '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
    'consilium-api',
    'api-1',
    '10.0.0.7',
    'Mozilla/5.0',
    'TREAT',
    'case',
    'c-1',
    '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
    '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    'req-1',
    '{"status": {"new": "READY", "old": "DRAFT"}}',
    '{"note": "n"}',
    '3',
    '7',
    'ab'.repeat(32),
  ];
  for (const [key, value] of Object.entries(overrides)) row[LEAF_COLUMN[key as keyof typeof LEAF_COLUMN]] = value;
  const [checked] = leafTextRows([row]);
  if (!checked) throw new Error('leafTextRows returned no row for one row');
  return checked;
}

const NULLABLE = [
  'outcomeDesc',
  'actorUserId',
  'onBehalfOfId',
  'networkAddress',
  'userAgent',
  'purposeOfUse',
  'entityId',
  'patientId',
  'boardId',
  'requestId',
  'changes',
  'detail',
] as const;

describe('leaf text rows', () => {
  it('LEAF_COLUMN names each of the LEAF_COLUMN_COUNT positions once', () => {
    expect(Object.values(LEAF_COLUMN).sort((a, b) => a - b)).toEqual([...Array(LEAF_COLUMN_COUNT).keys()]);
  });

  it('refuses a row of another width rather than read shifted columns', () => {
    const row = [...textRow({})];
    expect(() => leafTextRows([row.slice(1)])).toThrow('an audit leaf row has 24 columns, LEAF_COLUMNS has 25');
    expect(() => leafTextRows([[...row, null]])).toThrow('26 columns');
    expect(leafTextRows([row, row])).toEqual([row, row]);
  });
});

describe('canonical leaf of a text row', () => {
  it.each<[string, LeafTextRow]>([
    ['every column filled', textRow({})],
    ['every nullable column null', textRow(Object.fromEntries(NULLABLE.map((key) => [key, null])))],
    [
      'text needing escapes',
      textRow({
        type: 'a"b\\c',
        userAgent: 'tab\there\nnl \u0001 \u001f \u2028 é€😀',
        entityId: '</script>',
        requestId: '',
      }),
    ],
    ['roles needing escapes, none, or not ASCII', textRow({ actorRoles: '["A\\"B","C\\\\D","\\n"]' })],
    ['no roles', textRow({ actorRoles: '[]' })],
    ['roles with a space in the JSON text', textRow({ actorRoles: '["A", "B"]' })],
    ['roles not ASCII', textRow({ actorRoles: '["RÔLE","😀"]' })],
    [
      'JSON with numbers PostgreSQL writes as numerics',
      textRow({
        changes: '{"weightKg": 0.85714285714285714286, "big": 1000000000000000000000, "neg": -0, "e": 1E-7, "int": 10}',
      }),
    ],
    [
      'JSON with integer-like and unsorted keys',
      textRow({ detail: '{"b": 1, "a": [2, {"z": null, "10": true, "2": false}], "€": "x", "\\r": "y", "1": 0}' }),
    ],
    ['JSON scalars and arrays at the top', textRow({ changes: '"text \\u0007"', detail: '[1, "two", null, [true]]' })],
  ])('equals the generic RFC 8785 form of the same event: %s', (_case, row) => {
    const fields = leafFieldsOf(eventRowOf(row));
    expect(canonicalLeafOfTextRow(row, '7')).toBe(canonicalAuditEvent(fields));
    expect(leafHashOfTextRow(row, '7').equals(auditLeafHash(fields))).toBe(true);
  });

  it('binds the leaf index it is given', () => {
    const row = textRow({});
    expect(leafHashOfTextRow(row, '8').equals(leafHashOfTextRow(row, '7'))).toBe(false);
    expect(leafHashOfTextRow(row, '8').equals(auditLeafHash(leafFieldsOf(eventRowOf(row), '8')))).toBe(true);
  });
});
