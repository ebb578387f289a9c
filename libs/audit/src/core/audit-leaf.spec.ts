import { execFileSync } from 'node:child_process';
import { AUDIT_LEAF_KEYS, auditLeafHash, canonicalAuditEvent, type AuditLeafFields } from './audit-leaf';
import { canonicalJson } from './canonical-json';
import { hashLeaf } from './merkle';

export const SAMPLE_EVENT: AuditLeafFields = {
  seq: '42',
  id: '0b7c1c9e-5d0a-4b53-9f51-6f3f2b1c0a11',
  recordedAt: '2026-11-27T05:36:00.123Z',
  action: 'U',
  type: 'case.update',
  outcome: 'SUCCESS',
  outcomeDesc: null,
  actorUserId: '4a1d2f8e-1c3b-4e5f-8a9b-0c1d2e3f4a5b',
  actorRoles: ['CLINICIAN', 'CHAIR'],
  onBehalfOfId: null,
  sourceService: 'consilium-api',
  sourceInstance: 'api-1',
  networkAddress: '10.0.0.7',
  userAgent: 'Mozilla/5.0 "quoted" \u00e9\u20ac\ud83d\ude00',
  purposeOfUse: 'TREAT',
  entityType: 'case',
  entityId: 'c-1',
  patientId: null,
  boardId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
  requestId: 'req-1',
  changes: { status: { old: 'DRAFT', new: 'READY' }, weightKg: { old: 70.5, new: 1e21 } },
  detail: { z: [1, 2, { b: true, a: null }], '\u20ac': 'x', a: -0 },
  leafIndex: '7',
};

describe('canonical audit event (RFC 8785)', () => {
  it('lists every leaf field once, in UTF-16 order', () => {
    expect(AUDIT_LEAF_KEYS).toHaveLength(Object.keys(SAMPLE_EVENT).length);
    expect([...AUDIT_LEAF_KEYS].sort()).toEqual(AUDIT_LEAF_KEYS);
  });

  it('equals the generic canonical JSON of the same object', () => {
    expect(canonicalAuditEvent(SAMPLE_EVENT)).toBe(canonicalJson(SAMPLE_EVENT));
  });

  it('agrees with the canonicalize package (RFC 8785 reference implementation in npm)', () => {
    const script = `import c from 'canonicalize'; let s=''; process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(c(JSON.parse(s))))`;
    const theirs = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      input: JSON.stringify(SAMPLE_EVENT),
      cwd: __dirname,
      encoding: 'utf8',
    });
    expect(canonicalAuditEvent(SAMPLE_EVENT)).toBe(theirs);
  });

  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 },
      '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}',
    ],
    [[1e21, 1e-7, -0, 0.1, 333333333.3333333], '[1e+21,1e-7,0,0.1,333333333.3333333]'],
    ['\u2028\n"', '"\u2028\\n\\""'],
  ] as const)('serializes %j as %s (RFC 8785 §3.2 examples)', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([[Number.NaN], [Infinity], ['\ud800']])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('hashes the UTF-8 canonical form as an RFC 6962 leaf', () => {
    expect(auditLeafHash(SAMPLE_EVENT).equals(hashLeaf(Buffer.from(canonicalAuditEvent(SAMPLE_EVENT), 'utf8')))).toBe(
      true,
    );
  });

  it.each(AUDIT_LEAF_KEYS.map((key) => [key]))('changes the leaf when %s changes', (key) => {
    const value = SAMPLE_EVENT[key];
    const altered = {
      ...SAMPLE_EVENT,
      [key]: typeof value === 'string' ? `${value}x` : Array.isArray(value) ? [...value, 'X'] : { value },
    } as AuditLeafFields;
    expect(auditLeafHash(altered).equals(auditLeafHash(SAMPLE_EVENT))).toBe(false);
  });

  it('binds the leaf index: the same event at another position is another leaf', () => {
    expect(auditLeafHash({ ...SAMPLE_EVENT, leafIndex: '8' }).equals(auditLeafHash(SAMPLE_EVENT))).toBe(false);
  });
});
