import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { BoardDecision, CaseCore } from '@consilium/pathway';
import { STYLES, table } from './pdf-renderer';

export interface DecisionLetterInput {
  board: string;
  caseReference: string;
  patient: { name: string; mrn: string; birthDate: string; sex: string };
  questionForBoard: string | null;
  core: CaseCore;
  decision: BoardDecision;
  /** The pathway that drafted the plan (null: the board authored it) and its draft's primary branch. */
  pathway: { id: string; version: string; title: string } | null;
  draftBranch: string | null;
  /** How a branch code reads. */
  branchTitle: (code: string) => string;
  timeline: readonly { kind: string; label: string; from: string | null; to: string | null; waitsFor: string | null }[];
  attendees: readonly { name: string; specialty: string | null; left: boolean }[];
  quorum: { required: readonly string[]; missing: readonly string[]; quorate: boolean };
  /** The audit event of the sign-off and where its inclusion proof is served. */
  audit: { eventId: string; leafIndex: string | null; proofPath: string } | null;
}

const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '-' : String(value);

function facts(core: CaseCore): Content[] {
  const tnm = (prefix: string, value: CaseCore['staging']['clinical']) =>
    value === null
      ? null
      : `${value.afterTherapy ? 'y' : ''}${prefix}${value.t} ${value.afterTherapy ? 'y' : ''}${prefix}${value.n} ${value.afterTherapy ? 'y' : ''}${prefix}${value.m}`;
  const rows: string[][] = [
    ['Primary (ICD-10)', core.primary.siteCode],
    [
      'Topography / morphology (ICD-O-3)',
      `${dash(core.primary.topographyCode)} / ${dash(core.primary.morphologyCode)}`,
    ],
    ['Histology', dash(core.primary.histologyText)],
    ['Laterality', dash(core.primary.laterality)],
    ['Diagnosis date', dash(core.primary.diagnosisDate)],
    [
      'Staging',
      [
        dash(core.staging.edition),
        tnm('c', core.staging.clinical),
        tnm('p', core.staging.pathological),
        core.staging.stageGroup ? `stage ${core.staging.stageGroup}` : null,
      ]
        .filter((part) => part !== null)
        .join(', '),
    ],
    [
      'Distant metastases',
      core.metastases.length === 0
        ? 'none'
        : core.metastases
            .map(
              (metastasis) =>
                `${metastasis.site} (${metastasis.count}${metastasis.resectability ? `, ${metastasis.resectability}` : ''})`,
            )
            .join(', '),
    ],
    ['Age / ECOG', `${dash(core.condition.ageYears)} years / ECOG ${dash(core.condition.ecog)}`],
    [
      'Comorbidities',
      core.condition.comorbidities.length === 0
        ? 'none recorded'
        : core.condition.comorbidities.map((item) => (item.code ? `${item.code} ${item.text}` : item.text)).join('; '),
    ],
  ];
  return [
    table(['Fact', 'Value'], rows, [150, '*']),
    core.biomarkers.length === 0
      ? { text: 'No biomarkers recorded.' }
      : table(
          ['Biomarker', 'Result', 'Variant', 'Method', 'Date'],
          core.biomarkers.map((marker) => [
            marker.marker,
            marker.result,
            dash(marker.variant),
            dash(marker.method),
            dash(marker.date),
          ]),
        ),
  ];
}

/** The printable decision letter of a signed-off recommendation (issue 15): everything a reader needs to act on it and to verify it. */
export function decisionLetterDocument(input: DecisionLetterInput): TDocumentDefinitions {
  const { decision } = input;
  const dissent = decision.votes.filter((vote) => vote.choice !== 'APPROVE');
  const departures: Content[] =
    input.pathway === null
      ? [{ text: 'No pathway applies to this case: the board authored the plan.' }]
      : [
          {
            text: `Pathway ${input.pathway.title} (${input.pathway.id} ${input.pathway.version}) drafted: ${input.draftBranch ? input.branchTitle(input.draftBranch) : '-'}.`,
          },
          {
            text: decision.followsPathway
              ? 'The board followed the pathway.'
              : `The board departed from the pathway: ${decision.deviation ? `${decision.deviation.reason}${decision.deviation.text ? `: ${decision.deviation.text}` : ''}` : 'no reason recorded'}.`,
          },
        ];
  if (decision.overrides.length > 0)
    departures.push({
      ul: decision.overrides.map((override) => `Finding ${override.code} overridden: ${override.reason}`),
    });
  return {
    info: {
      title: `Tumour board decision ${input.caseReference}`,
      author: input.board,
      creationDate: new Date(decision.signedAt),
    },
    styles: STYLES,
    footer: (page: number, pages: number) => ({
      text: `${input.caseReference} · decision of ${decision.meetingDate} · page ${page} of ${pages}`,
      style: 'small',
      alignment: 'center',
    }),
    content: [
      { text: 'Tumour board decision', style: 'title' },
      {
        text: `${input.board} · ${decision.meetingTitle} · ${decision.meetingDate} · case ${input.caseReference}`,
        style: 'subtitle',
      },
      { text: 'Patient', style: 'section' },
      table(
        ['Name', 'MRN', 'Born', 'Sex'],
        [[input.patient.name, input.patient.mrn, input.patient.birthDate, input.patient.sex]],
      ),
      { text: 'Question for the board', style: 'section' },
      { text: dash(input.questionForBoard) },
      { text: 'Facts the board used', style: 'section' },
      ...facts(input.core),
      { text: 'The plan', style: 'section' },
      {
        text: `Intent: ${decision.plan.intent}${decision.plan.branch ? ` · ${input.branchTitle(decision.plan.branch)}` : ''}`,
      },
      { ol: decision.plan.steps.map((step) => step) },
      { text: `Regimens: ${decision.plan.regimens.length === 0 ? 'none' : decision.plan.regimens.join(', ')}` },
      { text: `Rationale: ${decision.plan.rationale}` },
      { text: 'Dated steps and milestones', style: 'section' },
      input.timeline.length === 0
        ? { text: 'No dated steps.' }
        : table(
            ['Step / milestone', 'From', 'To'],
            input.timeline.map((row) => [
              row.label,
              row.from ?? (row.waitsFor ? `after ${row.waitsFor}` : 'when appropriate'),
              dash(row.to),
            ]),
            ['*', 110, 80],
          ),
      { text: "The pathway's draft and the board's departures", style: 'section' },
      ...departures,
      { text: `Votes (round ${decision.round})`, style: 'section' },
      table(
        ['Member', 'Specialty', 'Vote', 'Comment'],
        decision.votes.map((vote) => [vote.voter, dash(vote.specialty), vote.choice, dash(vote.comment)]),
      ),
      {
        text:
          dissent.length === 0
            ? 'No dissent.'
            : `Dissent: ${dissent.map((vote) => `${vote.voter} (${vote.choice}${vote.comment ? `: ${vote.comment}` : ''})`).join('; ')}`,
      },
      { text: 'Attendees and quorum', style: 'section' },
      table(
        ['Attendee', 'Specialty', 'Present'],
        input.attendees.map((attendee) => [attendee.name, dash(attendee.specialty), attendee.left ? 'left' : 'yes']),
      ),
      {
        text: input.quorum.quorate
          ? `Quorate: every required specialty present (${input.quorum.required.join(', ')}).`
          : `Not quorate: missing ${input.quorum.missing.join(', ')}.`,
      },
      { text: 'Sign-off', style: 'section' },
      { text: `Signed off by ${decision.signedBy} at ${decision.signedAt}.` },
      { text: 'Verification', style: 'section' },
      input.audit === null
        ? { text: 'No audit event found for the sign-off.' }
        : {
            ul: [
              `Audit event ${input.audit.eventId}${input.audit.leafIndex === null ? ' (not yet sealed)' : ` (leaf ${input.audit.leafIndex} of the sealed log)`}`,
              `Inclusion proof: GET ${input.audit.proofPath}`,
              'Verify the proof offline with npm run audit:verify-proof',
            ],
          },
    ],
  };
}
