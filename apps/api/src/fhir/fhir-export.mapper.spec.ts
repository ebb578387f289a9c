import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Coding } from '@medplum/fhirtypes';
import { PATHWAYS, validateCaseIntake, type CaseCore } from '@consilium/pathway';
import { caseResources, decisionDocument, nameUuid, type ExportPatient } from './fhir-export.mapper';
import { mapBundle } from './fhir-import.mapper';
import { fhirErrors } from './fhir-validator';

const fixture = (name: string): Bundle =>
  JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures/fhir', name), 'utf8')) as Bundle;

function imported(name: string): { core: CaseCore; patient: ExportPatient } {
  const mapped = mapBundle(fixture(name));
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
  const intake = validateCaseIntake(
    {
      core: { ...mapped.value.core, condition: { ...(mapped.value.core['condition'] as object), ageYears: 65 } },
      pathwayFacts: null,
    },
    PATHWAYS,
  );
  if (!intake.ok) throw new Error(JSON.stringify(intake.problems));
  return { core: intake.facts.core, patient: { id: nameUuid(name), ...mapped.value.patient } };
}

/** Every system|code in a JSON tree. */
function codings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => codings(item, into));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['system'] === 'string' && typeof record['code'] === 'string')
      into.add(`${record['system']}|${record['code']}`);
    Object.values(record).forEach((child) => codings(child, into));
  }
  return into;
}

const decision = {
  meetingDate: '2026-11-20',
  meetingTitle: 'Colorectal MDT',
  signedBy: 'Dr Signer',
  signedAt: '2026-11-20T10:00:00.000Z',
  round: 1,
  votes: [
    { voter: 'Dr A', specialty: 'MEDICAL_ONCOLOGY', choice: 'APPROVE' as const, comment: null },
    { voter: 'Dr B', specialty: 'COLORECTAL_SURGERY', choice: 'REJECT' as const, comment: 'prefers surgery first' },
  ],
  pathwayBranch: null,
  followsPathway: false,
  deviation: { reason: 'PATIENT_PREFERENCE', text: 'declines oxaliplatin' },
  overrides: [],
  plan: {
    branch: null,
    intent: 'curative',
    steps: ['Surgery', 'Adjuvant CAPOX'],
    regimens: ['CAPOX'],
    rationale: 'stage III',
    systemicDelayReason: null,
  },
};

describe('caseResources and decisionDocument', () => {
  it.each(['colon-stage-iii.json', 'lung-egfr.json'])(
    '%s: every emitted resource is valid R4, and importing them gives the same core',
    (name) => {
      const { core, patient } = imported(name);
      const resources = caseResources(patient, { id: nameUuid(`case:${name}`), reference: 'CRC-2026-0001', core });
      for (const entry of resources.all)
        expect({ type: entry.resource.resourceType, errors: fhirErrors(entry.resource) }).toEqual({
          type: entry.resource.resourceType,
          errors: [],
        });
      const again = mapBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.all });
      if (!again.ok) throw new Error(JSON.stringify(again.errors));
      expect(again.value.unmapped).toEqual([]);
      expect({
        ...again.value.core,
        condition: { ...(again.value.core['condition'] as object), ageYears: core.condition.ageYears },
      }).toEqual(core);
    },
  );

  it.each(['colon-stage-iii.json', 'lung-egfr.json'])(
    '%s: keeps every coding of the source bundle that was mapped',
    (name) => {
      const source = fixture(name);
      const mapped = mapBundle(source);
      if (!mapped.ok) throw new Error('not mapped');
      const { core, patient } = imported(name);
      const out = codings(caseResources(patient, { id: 'c', reference: 'R', core }).all);
      const unmappedCodings = new Set(mapped.value.unmapped.map((issue) => issue.expression));
      const lost: string[] = [];
      (source.entry ?? []).forEach((entry, index) => {
        const expressionOf = `Bundle.entry[${index}].resource`;
        if (unmappedCodings.has(expressionOf)) return;
        for (const code of codings(entry.resource)) {
          // The MRN's own system (the hospital's) is replaced by Consilium's; the identifier type MR is kept.
          if (code.startsWith('urn:oid:')) continue;
          if (!out.has(code)) lost.push(code);
        }
      });
      const reported = mapped.value.unmapped.flatMap((issue) => {
        const match = /^Bundle\.entry\[(\d+)\]\.resource\.(.+)$/.exec(issue.expression);
        if (!match) return [];
        const path = match[2]!.split(/\.|\[|\]/).filter(Boolean);
        let node: unknown = source.entry![Number(match[1])]!.resource;
        for (const step of path) node = (node as Record<string, unknown>)[step];
        return [...codings(node)];
      });
      expect(lost.filter((code) => !reported.includes(code))).toEqual([]);
    },
  );

  it('the decision document is valid R4: Composition first, CarePlan with activities, votes with the dissent, signer as attester, the letter', () => {
    const { core, patient } = imported('colon-stage-iii.json');
    const resources = caseResources(patient, { id: 'case-1', reference: 'CRC-2026-0001', core });
    const bundle = decisionDocument(resources, {
      recommendationId: 'rec-1',
      caseRow: { id: 'case-1', reference: 'CRC-2026-0001', core },
      boardName: 'Colorectal MDT',
      decision,
      summary: '# Decision\nCAPOX after surgery',
      timeline: [
        { kind: 'step', code: 'step-1', label: 'Surgery', from: '2026-12-01', to: '2026-12-15' },
        { kind: 'milestone', code: 'BOARD_CT', label: 'CT', from: null, to: null },
      ],
      letter: { pdf: Buffer.from('%PDF-1.4 test'), title: 'Decision letter' },
    });
    expect(fhirErrors(bundle)).toEqual([]);
    for (const entry of bundle.entry)
      expect({ type: entry.resource.resourceType, errors: fhirErrors(entry.resource) }).toEqual({
        type: entry.resource.resourceType,
        errors: [],
      });
    expect(bundle.entry[0]!.resource.resourceType).toBe('Composition');
    const carePlan = bundle.entry.find((entry) => entry.resource.resourceType === 'CarePlan')!.resource as {
      activity: { detail: { code: { text: string } } }[];
      supportingInfo: unknown[];
      note: { text: string }[];
    };
    expect(carePlan.activity.map((activity) => activity.detail.code.text)).toEqual(['Surgery', 'CT', 'CAPOX']);
    expect(carePlan.supportingInfo).toHaveLength(resources.findings.length);
    expect(carePlan.note.map((note) => note.text)).toContain(
      'Departs from the pathway (PATIENT_PREFERENCE): declines oxaliplatin',
    );
    const composition = bundle.entry[0]!.resource as {
      attester: { party: { display: string } }[];
      section: { title: string; text: { div: string } }[];
    };
    expect(composition.attester[0]!.party.display).toBe('Dr Signer');
    expect(composition.section.find((section) => section.title === 'Votes')!.text.div).toContain(
      'Dissent: Dr B (REJECT)',
    );
    const votes = bundle.entry.filter(
      (entry) => (entry.resource as { code?: { coding?: Coding[] } }).code?.coding?.[0]?.code === 'vote',
    );
    expect(votes).toHaveLength(2);
    // Every reference resolves inside the document.
    const fullUrls = new Set(bundle.entry.map((entry) => entry.fullUrl));
    const references = JSON.stringify(bundle)
      .match(/"reference":"([^"]+)"/g)!
      .map((match) => match.slice(13, -1));
    expect(references.filter((reference) => !fullUrls.has(reference))).toEqual([]);
  });

  it('carries the report links as DocumentReferences with their URLs, valid R4, in their own section', () => {
    const { core, patient } = imported('colon-stage-iii.json');
    const resources = caseResources(patient, { id: 'case-1', reference: 'CRC-2026-0001', core });
    const reportLinks = [
      { kind: 'IMAGING', title: 'MRI pelvis', url: 'https://pacs.hospital.example/study/1.2.3', date: '2026-11-01' },
      { kind: 'PATHOLOGY', title: 'Biopsy report', url: '/viewer/pathology/PA-1', date: null },
      { kind: 'OTHER', title: 'Genetics letter', url: 'https://genetics.example/9', date: null },
    ] as const;
    const bundle = decisionDocument(resources, {
      recommendationId: 'rec-1',
      caseRow: { id: 'case-1', reference: 'CRC-2026-0001', core, reportLinks },
      boardName: 'Colorectal MDT',
      decision,
      summary: 'CAPOX',
      timeline: [],
    });
    expect(fhirErrors(bundle)).toEqual([]);
    const documents = bundle.entry
      .filter((entry) => entry.resource.resourceType === 'DocumentReference')
      .map(
        (entry) =>
          entry.resource as {
            type: { coding?: Coding[]; text?: string };
            date?: string;
            content: { attachment: { url: string } }[];
          },
      );
    for (const document of documents) expect(fhirErrors(document)).toEqual([]);
    expect(
      documents.map((document) => [
        document.type.coding?.[0]?.code ?? document.type.text,
        document.content[0]!.attachment.url,
        document.date ?? null,
      ]),
    ).toEqual([
      ['18748-4', 'https://pacs.hospital.example/study/1.2.3', '2026-11-01T00:00:00Z'],
      ['11526-1', '/viewer/pathology/PA-1', null],
      ['Other report', 'https://genetics.example/9', null],
    ]);
    const composition = bundle.entry[0]!.resource as { section: { title: string; entry: unknown[] }[] };
    expect(composition.section.find((section) => section.title === 'Reports the board saw')?.entry).toHaveLength(3);
  });
});
