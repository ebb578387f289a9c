import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseCore } from '@consilium/pathway';
import { decisionLetterDocument, type DecisionLetterInput } from './decision-letter.document';
import { minutesDocument } from './minutes.document';
import { renderPdf } from './pdf-renderer';

/** The PDF's text as poppler's pdftotext reads it (layout kept, so table rows stay on one line). */
function textOf(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'consilium-pdf-')), 'document.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const core: CaseCore = {
  primary: {
    siteCode: 'C34.1',
    topographyCode: 'C34.1',
    morphologyCode: '8140/3',
    histologyText: 'adenocarcinoma, acinar',
    laterality: 'right',
    diagnosisDate: '2026-10-28',
  },
  staging: {
    edition: 'UICC-8',
    clinical: { t: 'T2a', n: 'N2', m: 'M0', afterTherapy: false },
    pathological: null,
    stageGroup: 'IIIA',
  },
  metastases: [],
  condition: {
    ageYears: 65,
    ecog: 1,
    fitForIntensiveTreatment: true,
    comorbidities: [{ code: 'E11.9', text: 'Type 2 diabetes' }],
    creatinineClearanceMlMin: null,
    preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
    symptoms: [],
    symptomNotes: null,
  },
  biomarkers: [{ marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: '2026-10-25' }],
};

const letter: DecisionLetterInput = {
  board: 'Thoracic MDT',
  caseReference: 'THO-2026-0007',
  patient: { name: 'Müller, Lukas', mrn: 'SYN-LUNG-0001', birthDate: '1961-07-22', sex: 'male' },
  questionForBoard: 'Curative chemoradiotherapy?',
  core,
  decision: {
    meetingDate: '2026-11-20',
    meetingTitle: 'Thoracic MDT November',
    signedBy: 'Dr Chair',
    signedAt: '2026-11-20T10:15:00.000Z',
    round: 2,
    votes: [
      { voter: 'Dr Onco', specialty: 'MEDICAL_ONCOLOGY', choice: 'APPROVE', comment: null },
      { voter: 'Dr Radio', specialty: 'RADIATION_ONCOLOGY', choice: 'REJECT', comment: 'prefers sequential' },
    ],
    pathwayBranch: 'adjuvant-stage-iii-low-risk',
    followsPathway: false,
    deviation: { reason: 'PATIENT_PREFERENCE', text: 'declines oxaliplatin' },
    overrides: [{ code: 'FLUOROPYRIMIDINE_WITHOUT_DPD', reason: 'DPD result phoned through' }],
    plan: {
      branch: null,
      intent: 'curative',
      steps: ['Concurrent chemoradiotherapy 60 Gy', 'Consolidation osimertinib'],
      regimens: ['CARBOPLATIN_PEMETREXED', 'OSIMERTINIB'],
      rationale: 'EGFR exon 19 deletion',
      systemicDelayReason: null,
    },
  },
  pathway: { id: 'colon-stage-i-iii', version: '1.0.0', title: 'Colon cancer stage I-III' },
  draftBranch: 'adjuvant-stage-iii-low-risk',
  branchTitle: (code) => `Branch ${code}`,
  timeline: [
    { kind: 'step', label: 'Concurrent chemoradiotherapy 60 Gy', from: '2026-12-01', to: '2027-01-12', waitsFor: null },
    { kind: 'milestone', label: 'CT chest', from: null, to: null, waitsFor: 'treatmentEnd' },
  ],
  attendees: [
    { name: 'Dr Onco', specialty: 'MEDICAL_ONCOLOGY', left: false },
    { name: 'Dr Radio', specialty: 'RADIATION_ONCOLOGY', left: true },
  ],
  quorum: { required: ['MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY'], missing: ['RADIATION_ONCOLOGY'], quorate: false },
  audit: {
    eventId: '7d1c1f43-0000-4000-8000-000000000001',
    leafIndex: '42',
    proofPath: '/audit/events/7d1c1f43-0000-4000-8000-000000000001/proof',
  },
};

describe('decision letter and minutes PDFs', () => {
  it('the decision letter holds the patient, question, facts, dated plan, departures, votes with dissent, attendees and quorum, signer and the audit reference', async () => {
    const pdf = await renderPdf(decisionLetterDocument(letter));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = textOf(pdf);
    for (const expected of [
      'Tumour board decision',
      'Müller, Lukas',
      'SYN-LUNG-0001',
      '1961-07-22',
      'Curative chemoradiotherapy?',
      'C34.1',
      '8140/3',
      'UICC-8, cT2a cN2 cM0, stage IIIA',
      'E11.9 Type 2 diabetes',
      'exon 19 deletion',
      'Concurrent chemoradiotherapy 60 Gy',
      '2026-12-01',
      'after treatmentEnd',
      'CARBOPLATIN_PEMETREXED, OSIMERTINIB',
      'drafted: Branch adjuvant-stage-iii-low-risk',
      'departed from the pathway: PATIENT_PREFERENCE: declines oxaliplatin',
      'FLUOROPYRIMIDINE_WITHOUT_DPD overridden: DPD result phoned through',
      'Votes (round 2)',
      'Dissent: Dr Radio (REJECT: prefers sequential)',
      'Not quorate: missing RADIATION_ONCOLOGY',
      'Signed off by Dr Chair at 2026-11-20T10:15:00.000Z',
      'Audit event 7d1c1f43-0000-4000-8000-000000000001',
      'leaf 42',
      'GET /audit/events/7d1c1f43-0000-4000-8000-000000000001/proof',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('a letter for a plan the board authored says so, and no dissent when all approve', async () => {
    const text = textOf(
      await renderPdf(
        decisionLetterDocument({
          ...letter,
          pathway: null,
          draftBranch: null,
          decision: { ...letter.decision, votes: [letter.decision.votes[0]!] },
          audit: null,
        }),
      ),
    );
    expect(text).toContain('No pathway applies to this case: the board authored the plan.');
    expect(text).toContain('No dissent.');
    expect(text).toContain('No audit event found for the sign-off.');
  });

  it('the minutes hold attendance, quorum, each case outcome and the deferred cases with their reason', async () => {
    const text = textOf(
      await renderPdf(
        minutesDocument({
          board: 'Thoracic MDT',
          meeting: {
            title: 'Thoracic MDT November',
            startsAt: '2026-11-20T09:00:00.000Z',
            location: 'Room 3',
            chair: 'Dr Chair',
            status: 'COMPLETED',
          },
          attendees: [
            { name: 'Dr Onco', specialty: 'MEDICAL_ONCOLOGY', checkedInAt: '2026-11-20T08:58:00.000Z', leftAt: null },
          ],
          quorum: { required: ['MEDICAL_ONCOLOGY'], missing: [], quorate: true },
          cases: [
            {
              position: 1,
              reference: 'THO-2026-0007',
              patient: 'Müller, Lukas',
              outcome: 'decided',
              summary: 'curative plan signed off by Dr Chair',
            },
            {
              position: 2,
              reference: 'THO-2026-0008',
              patient: 'Beispiel, Berta',
              outcome: 'deferred',
              summary: 'awaiting PET-CT',
            },
          ],
        }),
      ),
    );
    for (const expected of [
      'Minutes: Thoracic MDT November',
      'Room 3',
      'Dr Onco',
      'MEDICAL_ONCOLOGY',
      'Quorate',
      'THO-2026-0007',
      'decided: curative plan signed off by Dr Chair',
      'Deferred cases',
      'THO-2026-0008: awaiting PET-CT',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
